package dev.beacon.registry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.client.Change;
import dev.beacon.client.ChangeStream;
import dev.beacon.client.Instance;
import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.Snapshot;
import dev.beacon.client.WatchSettings;
import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing relies on Redis persistence: when Redis loses its data, the next heartbeat answers
 * {@code 404}, which tells the instance to register again, and then it is back.
 */
class RedisDataLossTests {

	private static ManagedRedis redisServer;

	private static TestRegistry registry;

	private static RedisInspector redis;

	private static ScheduledExecutorService scheduler;

	@BeforeAll
	static void start() {
		redisServer = RedisServers.startNew();
		registry = TestRegistry.start(redisServer.endpoint(), TestRegistry.newPrefix());
		redis = new RedisInspector(redisServer.endpoint());
		scheduler = Executors.newScheduledThreadPool(3);
	}

	@AfterAll
	static void stop() {
		registry.close();
		redis.close();
		redisServer.close();
		scheduler.shutdownNow();
	}

	@Test
	void afterFlushAllHeartbeatAnswersNotFoundAndReRegistrationBringsTheInstanceBack() {
		Map<String, Object> instance = Map.of("host", "10.3.0.1", "port", 8080);
		assertThat(registry.register("durable", "durable-1", instance)).isEqualTo(201);
		assertThat(registry.heartbeat("durable", "durable-1")).isEqualTo(204);
		String lastSeen;
		try (WatchRecorder watcher = WatchRecorder.watch(registry, "?services=durable")) {
			lastSeen = watcher.awaitSnapshot().id();
		}

		redis.flushAll();

		assertThat(registry.heartbeat("durable", "durable-1")).isEqualTo(404);
		assertThat(registry.instanceIds("durable")).isEmpty();
		assertThat(registry.register("durable", "durable-1", instance)).isEqualTo(201);
		assertThat(registry.instanceIds("durable")).containsExactly("durable-1");
		assertThat(registry.heartbeat("durable", "durable-1")).isEqualTo(204);

		// a watcher that was away during the loss gets a fresh snapshot, not a broken backlog
		try (WatchRecorder resumed = WatchRecorder.resume(registry, "?services=durable", lastSeen)) {
			assertThat(resumed.awaitSnapshot().data().toString()).contains("durable-1");
		}
	}

	@Test
	void readsAnsweredFromMemoryForgetWhatRedisLostWithinTheCachesTimeToLive() {
		registry.register("remembered", "remembered-1", Map.of("host", "10.3.0.3", "port", 8080));
		assertThat(registry.instanceIds("remembered")).containsExactly("remembered-1");
		assertThat(registry.instanceIds("remembered")).containsExactly("remembered-1");

		redis.flushAll();

		// the loss records no event: the cache's time to live (1 s by default) bounds it
		await().atMost(Duration.ofSeconds(5)).until(() -> registry.instanceIds("remembered").isEmpty());
	}

	@Test
	void liveWatchersGetAFreshSnapshotWithoutWhatWasLostThenHearOfRegistrationsMadeAfter() {
		registry.register("lossy", "lost-1", Map.of("host", "10.3.0.4", "port", 8080));
		RecordingChangeListener listener = new RecordingChangeListener();
		List<Object> received = listener.received();
		ChangeStream stream = new ChangeStream(RegistryClient.create(TestRegistry.TOKEN, URI.create(registry.url())),
				scheduler, Clock.systemUTC(),
				new WatchSettings(List.of("lossy"), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(45)),
				listener);
		stream.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
			assertThat(instanceIds((Snapshot) received.get(0))).containsExactly("lost-1");

			redis.flushAll();

			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() > 1);
			assertThat(received.get(received.size() - 1)).isInstanceOfSatisfying(Snapshot.class,
					(snapshot) -> assertThat(instanceIds(snapshot)).isEmpty());
			registry.register("lossy", "after-1", Map.of("host", "10.3.0.5", "port", 8080));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> received.get(received.size() - 1) instanceof Change change && change.id().equals("after-1"));
		}
		finally {
			stream.stop();
		}
	}

	@Test
	void redisRestartedWithoutPersistenceUnderLiveWatchersComesBackWithTheLiveInstancesOnly() {
		RegistryClient client = RegistryClient.create(TestRegistry.TOKEN, URI.create(registry.url()));
		Registration registration = new Registration("10.3.0.6", 8080, false, null, null, 1, Map.of(), 15);
		List<String> live = List.of("beating-1", "beating-2");
		for (String id : live) {
			client.register("restarted", id, registration);
			// as the starter does: a heartbeat answered "unknown lease" registers again
			scheduler.scheduleWithFixedDelay(() -> beatOrRegister(client, id, registration), 0, 300,
					TimeUnit.MILLISECONDS);
		}
		// one that died while Redis was away: nobody registers it again
		client.register("restarted", "silent-1", registration);
		RecordingChangeListener listener = new RecordingChangeListener();
		List<Object> received = listener.received();
		ChangeStream stream = new ChangeStream(client, scheduler, Clock.systemUTC(),
				new WatchSettings(List.of("restarted"), Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(45)),
				listener);
		stream.start();
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> view(received).containsAll(List.of("beating-1", "beating-2", "silent-1")));

			redisServer.kill();
			redisServer.start();

			// the instances that beat register again; the watcher hears that the silent one is gone
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
				.untilAsserted(() -> assertThat(registry.instanceIds("restarted")).isEqualTo(live));
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(view(received)).isEqualTo(Set.copyOf(live)));
		}
		finally {
			stream.stop();
		}
	}

	private static void beatOrRegister(RegistryClient client, String id, Registration registration) {
		try {
			if (!client.heartbeat("restarted", id, null)) {
				client.register("restarted", id, registration);
			}
		}
		catch (RuntimeException ex) {
			// Redis is away: the next beat tries again
		}
	}

	/** What a watcher sees now: its last snapshot with the changes after it. */
	private static Set<String> view(List<Object> received) {
		Set<String> ids = new TreeSet<>();
		for (Object item : List.copyOf(received)) {
			if (item instanceof Snapshot snapshot) {
				ids.clear();
				ids.addAll(instanceIds(snapshot));
			}
			else if (item instanceof Change change) {
				if (change.removesInstance()) {
					ids.remove(change.id());
				}
				else {
					ids.add(change.id());
				}
			}
		}
		return ids;
	}

	private static List<String> instanceIds(Snapshot snapshot) {
		return snapshot.services().stream().flatMap((service) -> service.instances().stream()).map(Instance::id).toList();
	}

}

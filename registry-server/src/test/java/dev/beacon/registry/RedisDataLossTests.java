package dev.beacon.registry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.client.Change;
import dev.beacon.client.ChangeStream;
import dev.beacon.client.Instance;
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
		scheduler = Executors.newSingleThreadScheduledExecutor();
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

	private static List<String> instanceIds(Snapshot snapshot) {
		return snapshot.services().stream().flatMap((service) -> service.instances().stream()).map(Instance::id).toList();
	}

}

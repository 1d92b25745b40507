package dev.beacon.discovery.it;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisServers;
import dev.beacon.testsupport.RegistryEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing relies on Redis persistence: when Redis loses everything, each registered
 * application's next heartbeat is answered "unknown", it registers again, and it is back.
 */
class RedisDataLossIT {

	private ManagedRedis redis;

	private RegistryServer registry;

	private ConfigurableApplicationContext greeting;

	private ConfigurableApplicationContext caller;

	@AfterEach
	void stop() {
		if (this.caller != null) {
			this.caller.close();
		}
		if (this.greeting != null) {
			this.greeting.close();
		}
		this.registry.close();
		this.redis.close();
	}

	@Test
	void everyApplicationIsBackAfterFlushAll() {
		this.redis = RedisServers.startNew();
		this.registry = new RegistryServer(this.redis.endpoint(), "beacon", "registry-flush").start();
		this.greeting = TestApps.greeting(this.registry.url());
		this.caller = TestApps.caller(this.registry.url());
		String greetingId = TestApps.instanceId(this.greeting);
		String callerId = TestApps.instanceId(this.caller);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestApps.registeredIds(this.registry.url(), "greeting").contains(greetingId)
					&& TestApps.registeredIds(this.registry.url(), "caller").contains(callerId));

		RedisClient client = RedisClient.create(this.redis.endpoint().uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().flushall();

			// heartbeats run every second here; each answered 404 registers again, which the
			// change log, emptied by the loss, then records
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(RegistryEvents.read(this.redis.endpoint(), "beacon"))
					.anySatisfy((event) -> assertThat(event).containsEntry("type", "register")
						.containsEntry("id", greetingId))
					.anySatisfy((event) -> assertThat(event).containsEntry("type", "register")
						.containsEntry("id", callerId));
				assertThat(TestApps.registeredIds(this.registry.url(), "greeting")).containsExactly(greetingId);
				assertThat(TestApps.registeredIds(this.registry.url(), "caller")).containsExactly(callerId);
			});
		}
		finally {
			client.shutdown();
		}
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
			.untilAsserted(() -> assertThat(TestApps.callGreeting(this.caller)).isEqualTo(greetingId));
	}

	/**
	 * After the loss every watcher gets a fresh snapshot, taken before the instances still alive
	 * have heartbeated again: a caller keeps the instances it lacks until their lease would end,
	 * so the only instance of a service is never missing, and one that never comes back goes.
	 */
	@Test
	void aCallerKeepsTheOnlyInstanceOfAServiceUntilItRegistersAgainAndDropsOneThatDoesNot() throws Exception {
		this.redis = RedisServers.startNew();
		this.registry = new RegistryServer(this.redis.endpoint(), "beacon", "registry-keep").start();
		// heartbeats far apart: the snapshot comes long before the next one
		this.greeting = TestApps.greeting(this.registry.url(), "beacon.discovery.heartbeat-interval=8s",
				"beacon.discovery.lease-ttl=30s");
		this.caller = TestApps.caller(this.registry.url());
		String greetingId = TestApps.instanceId(this.greeting);
		DiscoveryClient discovery = this.caller.getBean(DiscoveryClient.class);
		RegistryClient client = RegistryClient.create(RegistryServer.TOKEN, URI.create(this.registry.url()));
		client.register("greeting", "greeting-gone",
				new Registration("127.0.0.1", 1, false, null, null, 1, Map.of(), 5, null));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ids(discovery.getInstances("greeting")).containsAll(List.of(greetingId, "greeting-gone")));

		RedisClient redisClient = RedisClient.create(this.redis.endpoint().uri());
		try (StatefulRedisConnection<String, String> connection = redisClient.connect()) {
			connection.sync().flushall();
		}
		finally {
			redisClient.shutdown();
		}

		List<String> lapses = new CopyOnWriteArrayList<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
			List<String> seen = ids(discovery.getInstances("greeting"));
			if (!seen.contains(greetingId)) {
				lapses.add(seen.toString());
			}
			return !seen.contains("greeting-gone") && TestApps.registeredIds(this.registry.url(), "greeting")
				.equals(List.of(greetingId));
		});
		assertThat(lapses).as("the caller's instances of greeting while Redis had lost them").isEmpty();
		assertThat(TestApps.callGreeting(this.caller)).isEqualTo(greetingId);
	}

	private static List<String> ids(List<ServiceInstance> instances) {
		return instances.stream().map(ServiceInstance::getInstanceId).toList();
	}

}

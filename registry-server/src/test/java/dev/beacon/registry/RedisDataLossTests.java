package dev.beacon.registry;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

	@BeforeAll
	static void start() {
		redisServer = RedisServers.startNew();
		registry = TestRegistry.start(redisServer.endpoint(), TestRegistry.newPrefix());
		redis = new RedisInspector(redisServer.endpoint());
	}

	@AfterAll
	static void stop() {
		registry.close();
		redis.close();
		redisServer.close();
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
	void liveWatchersHearOfRegistrationsMadeAfterTheLoss() {
		try (WatchRecorder watcher = WatchRecorder.watch(registry, "?services=after-loss")) {
			watcher.awaitSnapshot();
			redis.flushAll();
			registry.register("after-loss", "after-loss-1", Map.of("host", "10.3.0.2", "port", 8080));
			watcher.awaitEvent("register", "after-loss-1");
		}
	}

}

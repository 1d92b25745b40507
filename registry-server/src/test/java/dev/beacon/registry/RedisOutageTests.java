package dev.beacon.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.registry.store.RedisKeys;
import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stops answering for longer than the instances' leases, then comes back with its data,
 * as during a slow failover: the instances that kept sending heartbeats did nothing wrong and
 * are not evicted; one that had stopped before the outage still is, one lease after Redis is
 * back.
 */
class RedisOutageTests {

	private static final int LEASE_SECONDS = 4;

	private static ManagedRedis redisServer;

	private static TestRegistry registry;

	private static RedisInspector redis;

	private static ScheduledExecutorService heartbeats;

	@BeforeAll
	static void start() {
		redisServer = RedisServers.startNew();
		registry = TestRegistry.start(redisServer.endpoint(), TestRegistry.newPrefix(),
				"beacon.registry.reaper.outage-after=2s");
		redis = new RedisInspector(redisServer.endpoint());
		heartbeats = Executors.newScheduledThreadPool(2);
	}

	@AfterAll
	static void stop() {
		heartbeats.shutdownNow();
		registry.close();
		redis.close();
		redisServer.close();
	}

	@Test
	void instancesThatKeptSendingHeartbeatsOutliveAnOutageLongerThanTheirLease() {
		RedisKeys keys = RedisInspector.keys(registry.prefix());
		RegistryClient client = RegistryClient.create(TestRegistry.TOKEN, URI.create(registry.url()));
		Registration registration = new Registration("10.5.0.1", 8080, false, null, null, 1, Map.of(),
				LEASE_SECONDS);
		client.register("steady", "steady-1", registration);
		client.register("steady", "steady-2", registration);
		client.register("gone", "gone-1", registration);
		for (String id : List.of("steady-1", "steady-2")) {
			heartbeats.scheduleWithFixedDelay(() -> beat(client, id), 0, 300, TimeUnit.MILLISECONDS);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> redis.commands().get(keys.reaperLastRun(keys.partitionOf("steady"))) != null);

		redis.commands().clientPause(LEASE_SECONDS * 1_500L);

		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> registry.instanceIds("gone").isEmpty());
		assertThat(registry.instanceIds("steady")).containsExactly("steady-1", "steady-2");
		assertThat(expired()).containsExactly("gone-1");
		assertThat(redis.commands().xlen(keys.outages(keys.partitionOf("steady")))).isPositive();
	}

	@Test
	void brokenConnectionsRetryAtLeastOnceASecondHoweverLongRedisIsAway() {
		io.lettuce.core.resource.Delay delay = registry.context()
			.getBean(org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory.class)
			.getClientResources()
			.reconnectDelay();
		assertThat(delay.createDelay(1)).isLessThanOrEqualTo(Duration.ofMillis(10));
		assertThat(delay.createDelay(40)).isEqualTo(Duration.ofSeconds(1));
	}

	private static void beat(RegistryClient client, String id) {
		try {
			client.heartbeat("steady", id, null);
		}
		catch (RuntimeException ex) {
			// Redis away: the registry answers 503, and the next beat tries again
		}
	}

	private static List<String> expired() {
		return redis.events(registry.prefix())
			.stream()
			.filter((event) -> "expire".equals(event.getBody().get("type")))
			.map(StreamMessage::getBody)
			.map((body) -> body.get("id"))
			.toList();
	}

}

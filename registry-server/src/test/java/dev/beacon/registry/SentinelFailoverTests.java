package dev.beacon.registry;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.testsupport.RedisSentinels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Sentinel group (primary, replica, three sentinels) whose primary is killed, with the
 * sentinels slower to call it down than the instances' leases last, as with Redis's own 30 s
 * default against a 15 s lease: the registry writes again soon after the sentinels' switch, and
 * no instance that kept sending heartbeats is evicted.
 */
class SentinelFailoverTests {

	private static final int LEASE_SECONDS = 2;

	private static RedisSentinels sentinels;

	private static TestRegistry registry;

	private static ScheduledExecutorService heartbeats;

	@BeforeAll
	static void start() {
		sentinels = RedisSentinels.start(Duration.ofMillis(LEASE_SECONDS * 1_500L));
		registry = TestRegistry.start(sentinels.primary().endpoint(), TestRegistry.newPrefix(),
				"spring.data.redis.sentinel.master=" + RedisSentinels.MASTER,
				"spring.data.redis.sentinel.nodes=" + sentinels.nodes(), "beacon.registry.reaper.outage-after=2s");
		heartbeats = Executors.newScheduledThreadPool(2);
	}

	@AfterAll
	static void stop() {
		heartbeats.shutdownNow();
		registry.close();
		sentinels.close();
	}

	@Test
	void afterThePrimaryIsKilledWritesAreBackSoonAfterTheSwitchAndNoLiveInstanceIsEvicted() {
		RegistryClient client = RegistryClient.create(TestRegistry.TOKEN, URI.create(registry.url()));
		Registration registration = new Registration("10.6.0.1", 8080, false, null, null, 1, Map.of(), LEASE_SECONDS);
		AtomicReference<Instant> lastBeat = new AtomicReference<>(Instant.now());
		for (String id : List.of("steady-1", "steady-2")) {
			client.register("steady", id, registration);
			heartbeats.scheduleWithFixedDelay(() -> beat(client, id, lastBeat), 0, 300, TimeUnit.MILLISECONDS);
		}
		int primaryPort = sentinels.primary().endpoint().port();

		sentinels.primary().kill();

		await().atMost(Duration.ofSeconds(30)).until(() -> {
			int current = sentinels.currentPrimaryPort();
			return current > 0 && current != primaryPort;
		});
		Instant switched = Instant.now();
		await().atMost(Duration.ofSeconds(20)).until(() -> lastBeat.get().isAfter(switched));
		assertThat(Duration.between(switched, lastBeat.get())).isLessThan(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
			.until(() -> registry.instanceIds("steady").size() == 2);
		await().during(Duration.ofSeconds(LEASE_SECONDS * 2L)).atMost(Duration.ofSeconds(LEASE_SECONDS * 3L))
			.ignoreExceptions()
			.until(() -> registry.instanceIds("steady").equals(List.of("steady-1", "steady-2")));
	}

	private static void beat(RegistryClient client, String id, AtomicReference<Instant> lastBeat) {
		try {
			if (client.heartbeat("steady", id, null)) {
				lastBeat.set(Instant.now());
			}
		}
		catch (RuntimeException ex) {
			// Redis away: the registry answers 503, and the next beat tries again
		}
	}

}

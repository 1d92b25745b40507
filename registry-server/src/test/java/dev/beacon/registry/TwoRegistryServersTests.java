package dev.beacon.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two registry servers on one Redis behave as one registry: what one writes, the other's
 * watchers and blocking queries see, and each expired lease is evicted exactly once.
 */
class TwoRegistryServersTests {

	private static TestRegistry first;

	private static TestRegistry second;

	private static RedisInspector redis;

	@BeforeAll
	static void start() {
		String prefix = TestRegistry.newPrefix();
		// every lease may expire at once here: what is tested is that each expires exactly once
		first = TestRegistry.start(prefix, "beacon.registry.reaper.max-expiry-share=1");
		second = TestRegistry.start(prefix, "beacon.registry.reaper.max-expiry-share=1");
		redis = new RedisInspector();
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
		redis.close();
	}

	@Test
	void instanceRegisteredOnOneServerReachesTheOthersWatchers() {
		try (WatchRecorder watcher = WatchRecorder.watch(second, "?services=shared")) {
			watcher.awaitSnapshot();
			first.register("shared", "shared-1", Map.of("host", "10.1.0.1", "port", 8080));
			WatchRecorder.Event event = watcher.awaitEvent("register", "shared-1");
			assertThat(event.data()).containsEntry("service", "shared").containsEntry("revision", 1);
			assertThat((Map<String, Object>) event.data().get("instance")).containsEntry("host", "10.1.0.1");
		}
	}

	@Test
	void blockingQueryOnOneServerReturnsWhenTheOtherRegisters() throws Exception {
		first.register("blocking", "blocking-1", Map.of("host", "10.1.0.2", "port", 8080));
		long revision = ((Number) second.service("blocking").get("revision")).longValue();
		CompletableFuture<Map<String, Object>> answer = second.client()
			.get()
			.uri("/v1/services/blocking?index={index}&wait=30s", revision)
			.retrieve()
			.bodyToMono(TestRegistry.JSON)
			.toFuture();
		// the query must still be waiting: nothing changed yet
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !answer.isDone());
		first.register("blocking", "blocking-2", Map.of("host", "10.1.0.3", "port", 8080));
		Map<String, Object> service = answer.get(10, TimeUnit.SECONDS);
		assertThat(service).containsEntry("revision", (int) revision + 1);
		assertThat((List<Object>) service.get("instances")).hasSize(2);
	}

	@Test
	void blockingQueryWithAnOldIndexAnswersAtOnce() {
		first.register("stale-index", "stale-1", Map.of("host", "10.1.0.4", "port", 8080));
		first.register("stale-index", "stale-2", Map.of("host", "10.1.0.5", "port", 8080));
		Map<String, Object> service = second.client()
			.get()
			.uri("/v1/services/stale-index?index=1&wait=5m")
			.retrieve()
			.bodyToMono(TestRegistry.JSON)
			.block(Duration.ofSeconds(5));
		assertThat(service).containsEntry("revision", 2);
	}

	@Test
	void expiredLeaseIsEvictedExactlyOnceWithBothReapersRunning() {
		double evictionsBefore = evictions(first) + evictions(second);
		for (int i = 0; i < 20; i++) {
			first.register("expiring", "expiring-" + i, Map.of("host", "10.1.1." + i, "port", 8080, "ttlSeconds", 1));
		}
		await().atMost(Duration.ofSeconds(15)).until(() -> second.instanceIds("expiring").isEmpty());
		assertThat(redis.events(first.prefix()))
			.filteredOn((event) -> "expiring".equals(event.getBody().get("service")))
			.filteredOn((event) -> "expire".equals(event.getBody().get("type")))
			.extracting((event) -> event.getBody().get("id"))
			.hasSize(20)
			.doesNotHaveDuplicates();
		assertThat(evictions(first) + evictions(second) - evictionsBefore).isEqualTo(20);
	}

	@SuppressWarnings("unchecked")
	private static double evictions(TestRegistry registry) {
		return registry.context().getBean(MeterRegistry.class).counter("beacon.registry.evictions").count();
	}

}

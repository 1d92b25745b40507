package dev.beacon.registry.lease;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.beacon.client.ChangeType;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.RedisTestStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which instances {@link LeaseReaper} evicts from a real Redis, and how often. Leases end on
 * Redis's clock, which a test cannot move: a lease is made to have ended by moving its end to
 * the past.
 */
class LeaseReaperTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final RedisTestStore redis = RedisTestStore.create();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@AfterEach
	void close() {
		this.redis.close();
	}

	@Test
	void evictsOnlyInstancesWhoseLeaseEndedWithOneEventEach() {
		this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");
		this.redis.register("billing", "billing-1");
		this.redis.expireLease("orders", "orders-1");
		this.redis.expireLease("billing", "billing-1");

		new LeaseReaper(this.redis.store(), 10, new RegistryMetrics(this.meters)).reap();

		await().atMost(TIMEOUT).until(() -> evictions() == 2);
		assertThat(expired()).containsExactlyInAnyOrder("orders/orders-1", "billing/billing-1");
		assertThat(this.redis.store().service("orders").block(TIMEOUT).instances())
			.extracting((instance) -> instance.id())
			.containsExactly("orders-2");
	}

	@Test
	void runEvictsBatchAfterBatchUntilABatchComesBackShort() {
		for (int i = 1; i <= 5; i++) {
			this.redis.register("orders", "orders-" + i);
			this.redis.expireLease("orders", "orders-" + i);
		}

		new LeaseReaper(this.redis.store(), 2, new RegistryMetrics(this.meters)).reap();

		await().atMost(TIMEOUT).until(() -> evictions() == 5);
		assertThat(this.redis.store().service("orders").block(TIMEOUT).instances()).isEmpty();
	}

	@Test
	void twoServersReapingTogetherEvictEachInstanceOnce() {
		int instances = 60;
		for (int i = 1; i <= instances; i++) {
			this.redis.register("orders", "orders-" + i);
			this.redis.expireLease("orders", "orders-" + i);
		}
		try (RedisTestStore otherServer = this.redis.sameKeys()) {
			LeaseReaper first = new LeaseReaper(this.redis.store(), 10, new RegistryMetrics(this.meters));
			LeaseReaper second = new LeaseReaper(otherServer.store(), 10, new RegistryMetrics(this.meters));

			first.reap();
			second.reap();

			await().atMost(TIMEOUT).until(() -> expired().size() == instances);
			assertThat(expired()).doesNotHaveDuplicates();
			await().atMost(TIMEOUT).until(() -> evictions() == instances);
		}
	}

	/** Counted by every reaper of this test, which share one registry of meters. */
	private double evictions() {
		return this.meters.get("beacon.registry.evictions").counter().count();
	}

	private List<String> expired() {
		return this.redis.events()
			.stream()
			.filter((event) -> event.type() == ChangeType.EXPIRE)
			.map(ChangeEvent::instance)
			.map((instance) -> instance.service() + "/" + instance.id())
			.toList();
	}

}

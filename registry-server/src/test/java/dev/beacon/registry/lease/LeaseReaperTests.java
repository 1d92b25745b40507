package dev.beacon.registry.lease;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.beacon.client.ChangeType;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.InstanceStore.ExpiryRules;
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

		reaper(this.redis, 10, 1.0).reap();

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

		reaper(this.redis, 2, 1.0).reap();

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
			LeaseReaper first = reaper(this.redis, 10, 1.0);
			LeaseReaper second = reaper(otherServer, 10, 1.0);

			first.reap();
			second.reap();

			await().atMost(TIMEOUT).until(() -> expired().size() == instances);
			assertThat(expired()).doesNotHaveDuplicates();
			await().atMost(TIMEOUT).until(() -> evictions() == instances);
		}
	}

	@Test
	void atMostTheExpiryShareOfAServiceExpiresWithinOneWindowAndTheRestAfterIt() {
		for (int i = 1; i <= 4; i++) {
			this.redis.register("orders", "orders-" + i);
			this.redis.expireLease("orders", "orders-" + i);
		}
		this.redis.register("billing", "billing-1");
		this.redis.expireLease("billing", "billing-1");
		LeaseReaper reaper = reaper(this.redis, 10, 0.5);

		reaper.reap();

		await().atMost(TIMEOUT).until(() -> evictions() == 3);
		assertThat(expired()).contains("billing/billing-1").filteredOn((instance) -> instance.startsWith("orders/"))
			.hasSize(2);
		assertThat(kept("expiry-share")).isEqualTo(2);
		await().atMost(TIMEOUT).until(() -> {
			reaper.reap();
			return this.redis.store().service("orders").block(TIMEOUT).instances().isEmpty();
		});
		assertThat(expired()).doesNotHaveDuplicates().hasSize(5);
	}

	@Test
	void afterAnOutageEveryLeaseGetsAFullTermBeforeItMayBeEvicted() {
		this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");
		this.redis.redis().opsForValue().set(this.redis.keys().reaperLastRun(this.redis.keys().partitionOf("orders")), "1").block(TIMEOUT);
		this.redis.expireLease("orders", "orders-1");

		reaper(this.redis, 10, 1.0).reap();

		await().atMost(TIMEOUT).until(() -> kept("outage") == 1);
		assertThat(evictions()).isZero();
		assertThat(this.redis.redis().opsForZSet().score(this.redis.keys().leases("orders"), "orders/orders-1").block(TIMEOUT))
			.isGreaterThan((double) System.currentTimeMillis() + 10_000);
		assertThat(this.redis.redis().opsForStream().size(this.redis.keys().outages(this.redis.keys().partitionOf("orders"))).block(TIMEOUT)).isEqualTo(1);
		assertThat(this.redis.store().service("orders").block(TIMEOUT).instances()).hasSize(2);
	}

	@Test
	void serverThatCouldNotReachRedisBeginsAGraceWhenItCanAgain() {
		this.redis.register("orders", "orders-1");
		this.redis.expireLease("orders", "orders-1");

		InstanceStore.Eviction eviction = this.redis.store()
			.evictExpired(10, new ExpiryRules(Duration.ofSeconds(5), 1.0, Duration.ofSeconds(15)), true)
			.block(TIMEOUT);

		assertThat(eviction.graceBegan()).isTrue();
		assertThat(eviction.extended()).isEqualTo(1);
		assertThat(eviction.evicted()).isEmpty();
	}

	@Test
	void brandNewStoreBeginsNoGrace() {
		this.redis.register("orders", "orders-1");
		this.redis.expireLease("orders", "orders-1");

		InstanceStore.Eviction eviction = this.redis.store()
			.evictExpired(10, new ExpiryRules(Duration.ofSeconds(5), 1.0, Duration.ofSeconds(15)), false)
			.block(TIMEOUT);

		assertThat(eviction.graceBegan()).isFalse();
		assertThat(eviction.evicted()).containsExactly("orders/orders-1");
	}

	private LeaseReaper reaper(RedisTestStore store, int batchSize, double maxExpiryShare) {
		return new LeaseReaper(store.store(), batchSize,
				new ExpiryRules(Duration.ofSeconds(5), maxExpiryShare, Duration.ofMillis(500)),
				new RegistryMetrics(this.meters));
	}

	private double kept(String reason) {
		return this.meters.get("beacon.registry.leases.kept").tag("reason", reason).counter().count();
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

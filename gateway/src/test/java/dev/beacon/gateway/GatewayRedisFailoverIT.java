package dev.beacon.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisCluster;
import dev.beacon.testsupport.RedisSentinels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole platform through a Redis failover, as an operator meets it: the registry on a real
 * Sentinel group or Redis Cluster whose primary (on Cluster, the one holding the service's keys)
 * is killed, Redis slower to fail over than the instances' leases last (as Redis's own 30 s
 * and 15 s against the starter's 15 s), the gateway under steady load in front of two instances.
 * Not one request fails, no instance is evicted, and once Redis is back the gateway still hears
 * of changes: an instance that leaves afterwards costs no request either.
 */
class GatewayRedisFailoverIT {

	private static final int LEASE_SECONDS = 3;

	/** Sentinel's down-after and Cluster's node timeout: longer than the leases. */
	private static final Duration FAILURE_DETECTION = Duration.ofMillis(LEASE_SECONDS * 1_500L);

	@Test
	void aSentinelFailoverLongerThanTheLeasesCostsNoRequestAndNoInstance() throws Exception {
		try (RedisSentinels sentinels = RedisSentinels.start(FAILURE_DETECTION); Platform platform = new Platform()) {
			platform.startRegistry(sentinels.primary().endpoint(),
					"spring.data.redis.sentinel.master=" + RedisSentinels.MASTER,
					"spring.data.redis.sentinel.nodes=" + sentinels.nodes(), "beacon.registry.reaper.outage-after=2s");
			int killedPort = sentinels.primary().endpoint().port();
			failoverCostsNoRequest(platform, sentinels.primary()::kill, () -> {
				int current = sentinels.currentPrimaryPort();
				return current > 0 && current != killedPort;
			});
		}
	}

	@Test
	void aClusterFailoverOfThePrimaryHoldingTheServiceCostsNoRequestAndNoInstance() throws Exception {
		try (RedisCluster cluster = RedisCluster.start(3, 1, FAILURE_DETECTION); Platform platform = new Platform()) {
			ManagedRedis first = cluster.primaries().get(0);
			platform.startRegistry(first.endpoint(), "spring.data.redis.cluster.nodes=" + cluster.nodes(),
					"beacon.registry.reaper.outage-after=2s");
			AtomicReference<ManagedRedis> killed = new AtomicReference<>();
			failoverCostsNoRequest(platform, () -> {
				ManagedRedis holder = cluster.primaryHolding("*:svc:steady:*").orElseThrow();
				killed.set(holder);
				holder.kill();
			}, () -> !cluster.primaries().contains(killed.get()) && cluster.primaries().size() == 3);
		}
	}

	private static void failoverCostsNoRequest(Platform platform, Runnable kill, BooleanSupplier failedOver)
			throws Exception {
		Platform.Gateway gateway = platform.startGateway();
		List<Platform.Instance> instances = IntStream.range(0, 2)
			.mapToObj((i) -> platform.startInstance("steady", "beacon.discovery.lease-ttl=" + LEASE_SECONDS + "s",
					"beacon.discovery.heartbeat-interval=500ms"))
			.toList();
		gateway.awaitReady();
		instances.forEach(Platform.Instance::awaitReady);
		await().atMost(Duration.ofSeconds(30)).until(() -> platform.upInstances("steady").size() == 2);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> platform.get(gateway.url() + "/steady/hello").statusCode() == 200);

		try (SteadyLoad load = SteadyLoad.start(gateway.url() + "/steady/hello", 4)) {
			load.awaitMore(200);
			kill.run();
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(failedOver::getAsBoolean);
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
				.until(() -> platform.register("steady", "marker-1",
						"{\"host\":\"127.0.0.1\",\"port\":1,\"status\":\"DOWN\"}").statusCode() / 100 == 2);
			await().during(Duration.ofSeconds(LEASE_SECONDS * 2L))
				.atMost(Duration.ofSeconds(LEASE_SECONDS * 3L))
				.ignoreExceptions()
				.until(() -> platform.upInstances("steady").size() == 2);

			instances.get(0).process().stop();
			load.awaitMore(500);
			assertThat(load.failures()).isEmpty();
		}
		assertThat(platform.upInstances("steady")).containsExactly(instances.get(1).id());
		HttpResponse<String> answer = platform.get(gateway.url() + "/steady/hello");
		assertThat(Platform.instanceOf(answer)).isEqualTo(instances.get(1).id());
	}

}

package dev.beacon.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.RedisSentinels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole platform through a Redis failover, as an operator meets it: the registry on a real
 * Sentinel group whose primary is killed, the sentinels slower to call it down than the
 * instances' leases last (as Redis's own 30 s against the starter's 15 s), the gateway under
 * steady load in front of two instances. Not one request fails, no instance is evicted, and
 * once Redis is back the gateway still hears of changes: an instance that leaves afterwards
 * costs no request either.
 */
class GatewayRedisFailoverIT {

	private static final int LEASE_SECONDS = 3;

	@Test
	void aSentinelFailoverLongerThanTheLeasesCostsNoRequestAndNoInstance() throws Exception {
		try (RedisSentinels sentinels = RedisSentinels.start(Duration.ofMillis(LEASE_SECONDS * 1_500L));
				Platform platform = new Platform()) {
			platform.startRegistry(sentinels.primary().endpoint(),
					"spring.data.redis.sentinel.master=" + RedisSentinels.MASTER,
					"spring.data.redis.sentinel.nodes=" + sentinels.nodes(), "beacon.registry.reaper.outage-after=2s");
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
			int killedPort = sentinels.primary().endpoint().port();

			try (SteadyLoad load = SteadyLoad.start(gateway.url() + "/steady/hello", 4)) {
				load.awaitMore(200);
				sentinels.primary().kill();
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					int current = sentinels.currentPrimaryPort();
					return current > 0 && current != killedPort;
				});
				await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
					.until(() -> platform.register("marker", "marker-1",
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

}

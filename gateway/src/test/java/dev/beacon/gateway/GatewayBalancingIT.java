package dev.beacon.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the gateway spreads requests: round robin by default, by weight when instances carry
 * weights, and to its own zone first when it has one; how it answers when there is nothing
 * to route to; and which headers it passes on.
 */
@Tag(Platform.TUNING_OFF)
class GatewayBalancingIT {

	private static Platform platform;

	private static Platform.Gateway gateway;

	private static Platform.Gateway zoneAGateway;

	@BeforeAll
	static void start() {
		platform = new Platform().startRegistry();
		gateway = platform.startGateway();
		zoneAGateway = platform.startGateway("beacon.discovery.zone=a");
		// the gateways first, then the seven instances: ten JVMs starting at once on two cores
		// each took longer than the deadline to start
		gateway.awaitReady();
		zoneAGateway.awaitReady();
		List<Platform.Instance> instances = List.of(platform.startInstance("greeting"),
				platform.startInstance("greeting"), platform.startInstance("greeting"),
				platform.startInstance("weighted", "beacon.discovery.weight=1"),
				platform.startInstance("weighted", "beacon.discovery.weight=3"),
				platform.startInstance("zoned", "beacon.discovery.zone=a"),
				platform.startInstance("zoned", "beacon.discovery.zone=b"));
		instances.forEach(Platform.Instance::awaitReady);
		await().atMost(Duration.ofSeconds(30)).until(() -> platform.upInstances("greeting").size() == 3
				&& platform.upInstances("weighted").size() == 2 && platform.upInstances("zoned").size() == 2);
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@Test
	void requestsAreSpreadRoundRobin() {
		awaitRoutable(gateway, "greeting", 3);
		Map<String, Long> spread = spread(gateway, "greeting", 300);
		assertThat(spread).hasSize(3);
		assertThat(spread.values()).allSatisfy((count) -> assertThat(count).isBetween(90L, 110L));
	}

	@Test
	void weightsChangeTheSpread() {
		awaitRoutable(gateway, "weighted", 2);
		Map<String, Long> spread = spread(gateway, "weighted", 400);
		assertThat(spread).hasSize(2);
		assertThat(spread.values()).containsExactlyInAnyOrder(100L, 300L);
	}

	@Test
	void gatewayPrefersItsOwnZone() {
		awaitRoutable(zoneAGateway, "zoned", 1);
		Map<String, Long> spread = spread(zoneAGateway, "zoned", 50);
		assertThat(spread).hasSize(1);
		assertThat(spread.keySet().iterator().next()).isEqualTo(zoneOf("a"));
		// a gateway without a zone uses both
		awaitRoutable(gateway, "zoned", 2);
		assertThat(spread(gateway, "zoned", 50)).hasSize(2);
	}

	@Test
	void unknownServiceAnswersNotFoundAsProblem() {
		HttpResponse<String> response = platform.get(gateway.url() + "/no-such-service/hello");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void serviceWithoutLiveInstanceAnswersServiceUnavailableNamingIt() {
		platform.register("resting", "resting-1", "{\"host\":\"127.0.0.1\",\"port\":1,\"status\":\"DOWN\"}");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> response = platform.get(gateway.url() + "/resting/hello");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"service\":\"resting\"");
		});
	}

	@Test
	void serviceWhoseLastInstanceLeftStillAnswersServiceUnavailableNamingIt() {
		platform.register("leaving", "leaving-1", "{\"host\":\"127.0.0.1\",\"port\":1,\"status\":\"DOWN\"}");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> platform.get(gateway.url() + "/leaving/hello").statusCode() == 503);
		platform.deregister("leaving", "leaving-1");
		// the change stream is ordered: once the gateway knows a service registered after the
		// deregistration, it has applied the deregistration too
		platform.register("marker", "marker-1", "{\"host\":\"127.0.0.1\",\"port\":1,\"status\":\"DOWN\"}");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> platform.get(gateway.url() + "/marker/hello").statusCode() == 503);
		HttpResponse<String> response = platform.get(gateway.url() + "/leaving/hello");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"service\":\"leaving\"");
	}

	@Test
	void newInstanceReceivesTrafficSoonAfterRegistering() {
		awaitRoutable(gateway, "greeting", 3);
		Platform.Instance late = platform.startInstance("greeting");
		late.awaitReady();
		await().atMost(Duration.ofSeconds(30)).until(() -> platform.upInstances("greeting").contains(late.id()));
		long registered = System.nanoTime();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
			.until(() -> late.id().equals(Platform.instanceOf(platform.get(gateway.url() + "/greeting/hello"))));
		System.out.printf("new instance took traffic %d ms after the registry listed it as UP%n",
				Duration.ofNanos(System.nanoTime() - registered).toMillis());
		// leave the service as the other tests expect it
		late.process().stop();
		await().atMost(Duration.ofSeconds(30)).until(() -> !platform.upInstances("greeting").contains(late.id()));
	}

	@Test
	void headersForOneHopAndUntrustedForwardedHeadersStopAtTheGateway() throws Exception {
		try (HeaderEchoInstance echo = HeaderEchoInstance.start()) {
			platform.register("echo", "echo-1", "{\"host\":\"127.0.0.1\",\"port\":" + echo.port() + ",\"ttlSeconds\":3600}");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> platform.get(gateway.url() + "/echo/headers").statusCode() == 200);

			String withHopHeaders = HeaderEchoInstance.exchange(gateway.port(),
					"GET /echo/headers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close, X-Hop\r\n"
							+ "X-Hop: dropped\r\nKeep-Alive: timeout=5\r\nTE: gzip\r\n"
							+ "Proxy-Authorization: Basic c2VjcmV0\r\nForwarded: for=203.0.113.7\r\n"
							+ "X-Forwarded-For: 203.0.113.7\r\nx-forwarded-proto: https\r\nX-Kept: yes\r\n");
			assertThat(withHopHeaders).startsWith("HTTP/1.1 200").contains("x-kept: yes");
			assertThat(withHopHeaders.toLowerCase()).contains("x-instance-answer: yes")
				.doesNotContain("x-hop", "keep-alive", "te: gzip", "proxy-authorization", "proxy-authenticate",
						"forwarded", "203.0.113.7");

			String plain = HeaderEchoInstance.exchange(gateway.port(),
					"GET /echo/headers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
							+ "Accept: text/plain\r\nX-Kept: yes\r\nX-Also-Kept: 1\r\n");
			assertThat(plain).startsWith("HTTP/1.1 200").contains("x-kept: yes", "x-also-kept: 1", "accept: text/plain");
			assertThat(plain.toLowerCase()).contains("x-instance-answer: yes").doesNotContain("proxy-authenticate");
		}
	}

	private static void awaitRoutable(Platform.Gateway target, String service, int instances) {
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
			.until(() -> spread(target, service, instances * 4).size() == instances);
	}

	private static Map<String, Long> spread(Platform.Gateway target, String service, int requests) {
		Map<String, Long> spread = new TreeMap<>();
		for (int i = 0; i < requests; i++) {
			HttpResponse<String> response = platform.get(target.url() + "/" + service + "/hello");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			spread.merge(Platform.instanceOf(response), 1L, Long::sum);
		}
		return spread;
	}

	@SuppressWarnings("unchecked")
	private static String zoneOf(String zone) {
		HttpResponse<String> response = platform.get(platform.registryUrl() + "/v1/services/zoned");
		List<Map<String, Object>> instances = (List<Map<String, Object>>) JsonMapper.builder().build()
			.readValue(response.body(), Map.class).get("instances");
		return instances.stream().filter((instance) -> zone.equals(instance.get("zone")))
			.map((instance) -> (String) instance.get("id"))
			.collect(Collectors.toMap(Function.identity(), Function.identity()))
			.keySet().iterator().next();
	}

}

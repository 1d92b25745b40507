package dev.beacon.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documented examples (the {@code examples} profile) work: a Redis rate limiter on the
 * registry's Redis and a Resilience4j circuit breaker with a fallback. And the gateway keeps
 * its actuator off the public port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag(Platform.TUNING_OFF)
class GatewayExamplesIT {

	private static Platform platform;

	private static Platform.Gateway gateway;

	private static Platform.Instance greeting;

	@BeforeAll
	static void start() {
		RedisEndpoint redis = RedisServers.shared();
		platform = new Platform().startRegistry();
		gateway = platform.startGateway("spring.profiles.active=examples", "spring.data.redis.host=" + redis.host(),
				"spring.data.redis.port=" + redis.port());
		greeting = platform.startInstance("greeting");
		gateway.awaitReady();
		greeting.awaitReady();
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
			.until(() -> platform.get(gateway.url() + "/protected/greeting/hello").statusCode() == 200);
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@Test
	void rateLimiterRefusesRequestsBeyondTheBurst() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			statuses.add(platform.get(gateway.url() + "/limited/greeting/hello").statusCode());
		}
		assertThat(statuses.get(0)).isEqualTo(200);
		assertThat(statuses).contains(429).containsOnly(200, 429);
	}

	@Test
	void actuatorIsOnlyOnTheManagementPort() {
		assertThat(platform.get(gateway.url() + "/actuator/health").statusCode()).isEqualTo(404);
		HttpResponse<String> routes = platform
			.get("http://127.0.0.1:" + gateway.managementPort() + "/actuator/gateway/routes");
		assertThat(routes.statusCode()).isEqualTo(200);
		assertThat(routes.body()).contains("beacon_greeting", "greeting-circuit-breaker");
		assertThat(platform.get("http://127.0.0.1:" + gateway.managementPort() + "/actuator/prometheus").body())
			.contains("spring_cloud_gateway_requests");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void circuitBreakerAnswersWithTheFallbackWhenTheServiceFails() {
		assertThat(platform.get(gateway.url() + "/protected/greeting/hello").statusCode()).isEqualTo(200);

		// the killed instance stays registered until its lease expires: calls to it fail
		greeting.process().kill();

		HttpResponse<String> response = platform.get(gateway.url() + "/protected/greeting/hello");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"fallback\":true");
	}

}

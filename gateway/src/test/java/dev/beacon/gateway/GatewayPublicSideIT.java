package dev.beacon.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an anonymous client on the public side reaches: the services, not their instances'
 * Actuator, and nothing a path could climb to. Greeting instances expose Actuator's
 * {@code serviceregistry} and {@code health} with details on their main port, as the demo
 * used to, so that only the gateway stands between them and the requests.
 */
class GatewayPublicSideIT {

	private static final String TAKE_OUT = "{\"status\":\"OUT_OF_SERVICE\"}";

	private static Platform platform;

	private static Platform.Gateway gateway;

	private static List<Platform.Instance> greetings;

	@BeforeAll
	static void start() {
		platform = new Platform().startRegistry();
		gateway = platform.startGateway();
		String[] exposed = { "management.endpoints.web.exposure.include=health,info,serviceregistry",
				"management.endpoint.health.show-details=always" };
		greetings = List.of(platform.startInstance("greeting", exposed), platform.startInstance("greeting", exposed));
		Platform.Instance other = platform.startInstance("other");
		gateway.awaitReady();
		greetings.forEach(Platform.Instance::awaitReady);
		other.awaitReady();
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
			.until(() -> platform.get(gateway.url() + "/greeting/hello").statusCode() == 200
					&& platform.get(gateway.url() + "/other/hello").statusCode() == 200
					&& platform.upInstances("greeting").size() == 2);
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/greeting/actuator/serviceregistry", "/greeting//actuator/serviceregistry",
			"/greeting/%61ctuator/serviceregistry", "/greeting/actuator;x=1/serviceregistry" })
	void nobodyOutsideTakesAnInstanceOutOfRotation(String path) {
		for (int i = 0; i < greetings.size(); i++) {
			HttpResponse<String> refused = platform.postJson(gateway.url() + path, TAKE_OUT);
			assertThat(refused.statusCode()).isEqualTo(404);
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		}

		assertThat(platform.upInstances("greeting")).hasSize(2);
		assertThat(platform.get(gateway.url() + "/greeting/hello").statusCode()).isEqualTo(200);
		// the instances themselves still take the write, on their own port
		assertThat(platform.get("http://127.0.0.1:" + greetings.get(0).port() + "/actuator/serviceregistry").body())
			.contains("UP");
	}

	@Test
	void instanceHealthDetailsAreNotShownOutside() {
		HttpResponse<String> health = platform.get(gateway.url() + "/greeting/actuator/health");

		assertThat(health.statusCode()).isEqualTo(404);
		assertThat(health.body()).doesNotContain(platform.registryUrl()).doesNotContain("greeting:127.0.0.1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/greeting/../other/hello", "/greeting/%2e%2e/other/hello", "/greeting/..;/other/hello",
			"/greeting/hello%2F..%2F..%2Fother", "/greeting/a%5C..%5Cother" })
	void pathsThatClimbOutOfTheirServiceAreRefused(String path) {
		HttpResponse<String> refused = platform.get(gateway.url() + path);

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("\"status\":400", "The request path holds");
	}

}

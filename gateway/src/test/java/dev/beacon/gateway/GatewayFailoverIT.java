package dev.beacon.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Under steady load through the gateway, instances crash or restart one after the other, and
 * not one request fails; an instance that dies in the middle of an answer gets the client a
 * clear error, not a cut-off answer.
 */
class GatewayFailoverIT {

	private static Platform platform;

	private static Platform.Gateway gateway;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		platform = new Platform().startRegistry();
		gateway = platform.startGateway();
		gateway.awaitReady();
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@Test
	@Tag(Platform.TUNING_OFF)
	void instanceKilledWithSigkillCostsNoRequest() throws Exception {
		List<Platform.Instance> instances = startInstances("crash", 3);
		try (SteadyLoad load = SteadyLoad.start(gateway.url() + "/crash/hello", 4)) {
			load.awaitMore(300);
			instances.get(0).process().kill();
			load.awaitMore(1000);
			assertThat(load.failures()).isEmpty();
		}
		// the registry drops the crashed instance when its lease expires
		await().atMost(Duration.ofSeconds(40))
			.until(() -> platform.upInstances("crash").size() == 2);
	}

	@Test
	void rollingRestartUnderLoadCostsNoRequest() throws Exception {
		List<Platform.Instance> instances = startInstances("rolling", 3);
		try (SteadyLoad load = SteadyLoad.start(gateway.url() + "/rolling/hello", 4)) {
			load.awaitMore(300);
			for (Platform.Instance instance : instances) {
				instance.process().stop();
				Platform.Instance restarted = platform.startInstance("rolling", instance.port());
				restarted.awaitReady();
				await().atMost(Duration.ofSeconds(20)).until(() -> platform.upInstances("rolling").size() == 3);
				load.awaitMore(200);
			}
			assertThat(load.failures()).isEmpty();
		}
	}

	@Test
	void instanceThatDiesInTheMiddleOfASmallAnswerGetsTheClientA502RatherThanACutOffAnswer() throws Exception {
		try (DyingInstance dying = DyingInstance.start()) {
			platform.register("halves", "halves-dying",
					"{\"host\":\"127.0.0.1\",\"port\":" + dying.port() + ",\"status\":\"UP\",\"ttlSeconds\":300}");
			HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url() + "/halves/hello"))
				.timeout(Duration.ofSeconds(10))
				.build();
			// until the gateway knows the service, it answers 404
			HttpResponse<String> response = await().atMost(Duration.ofSeconds(30))
				.until(() -> this.http.send(request, BodyHandlers.ofString()), (answer) -> answer.statusCode() != 404);

			assertThat(response.statusCode()).isEqualTo(502);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(dying.answersBegun()).isPositive();
		}
	}

	private static List<Platform.Instance> startInstances(String service, int count) {
		List<Platform.Instance> instances = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			instances.add(platform.startInstance(service));
		}
		instances.forEach(Platform.Instance::awaitReady);
		await().atMost(Duration.ofSeconds(30)).until(() -> platform.upInstances(service).size() == count);
		return instances;
	}

}

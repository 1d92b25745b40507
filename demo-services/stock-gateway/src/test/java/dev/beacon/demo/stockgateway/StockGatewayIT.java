package dev.beacon.demo.stockgateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.RegistryProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud Gateway's own discovery locator, in a gateway that only adds the starter, routes
 * each service as soon as the registry lists an instance of it as {@code UP}: a service started
 * after the gateway, one started together with it, a single-instance service redeployed, and
 * the gateway itself. Everything runs as its own process; the delays seen are logged. The
 * gateway and the service started with it are checked first: any later route rebuild would
 * route them too and hide a missed one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StockGatewayIT {

	private static final Logger logger = LoggerFactory.getLogger(StockGatewayIT.class);

	private static final String TOKEN = "stock-gateway-it-token";

	/** Loose on purpose: the routes come within a second, a busy machine may take longer. */
	private static final Duration ROUTED_WITHIN = Duration.ofSeconds(5);

	private static final Duration STARTED_WITHIN = Duration.ofSeconds(90);

	private static final Duration POLL = Duration.ofMillis(25);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final List<JavaProcess> processes = new ArrayList<>();

	private static final int gatewayPort = FreePorts.next();

	private static final int gatewayManagementPort = FreePorts.next();

	private static RegistryProcess registry;

	private static JavaProcess gateway;

	private static Instance together;

	@BeforeAll
	static void start() {
		registry = RegistryProcess.start(Path.of(System.getProperty("registry.jar")), TOKEN, STARTED_WITHIN);
		gateway = start("stock-gateway.jar", "stock-gateway-" + gatewayPort,
				List.of("--server.port=" + gatewayPort, "--management.server.port=" + gatewayManagementPort,
						"--beacon.discovery.registry-url=" + registryUrl(), "--beacon.discovery.token=" + TOKEN,
						"--beacon.discovery.host=127.0.0.1"));
		together = Instance.start("together");
		gateway.awaitHttpOk(managementUrl() + "/actuator/health", STARTED_WITHIN);
	}

	@AfterAll
	static void stop() {
		for (int i = processes.size() - 1; i >= 0; i--) {
			processes.get(i).close();
		}
		if (registry != null) {
			registry.close();
		}
	}

	@Test
	@Order(1)
	void routesItself() {
		awaitUp("stock-gateway", "stock-gateway:127.0.0.1:" + gatewayPort, gateway);

		Duration latency = awaitRouted("stock-gateway", () -> get(managementUrl() + "/actuator/gateway/routes").body()
			.contains("\"lb://stock-gateway\""));

		logger.info("The stock gateway's own route came {} ms after it was UP", latency.toMillis());
	}

	@Test
	@Order(2)
	void routesAServiceStartedTogetherWithTheGateway() {
		awaitUp("stock-gateway", "stock-gateway:127.0.0.1:" + gatewayPort, gateway);
		together.awaitUp();

		Duration latency = awaitRouted(together.service(), together::answers);

		logger.info("A service started together with the stock gateway was routed {} ms after both were UP",
				latency.toMillis());
	}

	@Test
	@Order(3)
	void routesAServiceStartedAfterTheGatewayIsReady() {
		Instance late = Instance.start("late");
		late.awaitUp();

		Duration latency = awaitRouted(late.service(), late::answers);

		logger.info("A service started after the stock gateway was routed {} ms after it was UP", latency.toMillis());
	}

	@Test
	@Order(4)
	void routesARedeployedSingleInstanceServiceAgain() {
		Instance first = Instance.start("redeployed");
		first.awaitUp();
		awaitRouted(first.service(), first::answers);

		first.process().stop();
		// no instance offered, so no route: the stock locator answers 404
		await().atMost(ROUTED_WITHIN)
			.pollInterval(POLL)
			.until(() -> get(gatewayUrl() + "/redeployed/hello").statusCode() == 404);
		Instance second = Instance.start("redeployed");
		second.awaitUp();

		Duration latency = awaitRouted(second.service(), second::answers);

		logger.info("A redeployed single-instance service was routed {} ms after its new instance was UP",
				latency.toMillis());
	}

	/** Waits until the stock gateway routes the service; answers how long that took. */
	private static Duration awaitRouted(String service, Callable<Boolean> routed) {
		long start = System.nanoTime();
		await("a route to " + service).atMost(ROUTED_WITHIN).pollInterval(POLL).until(routed);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void awaitUp(String service, String id, JavaProcess process) {
		await(id + " UP in the registry").atMost(STARTED_WITHIN).pollInterval(POLL).until(() -> {
			assertThat(process.isAlive()).as("%s is running", process).isTrue();
			return registry.upInstances(service).contains(id);
		});
	}

	private static JavaProcess start(String jar, String name, List<String> args) {
		JavaProcess process = JavaProcess.start(Path.of(System.getProperty(jar)), name, args);
		processes.add(process);
		return process;
	}

	private static HttpResponse<String> get(String url) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + TOKEN)
				.timeout(Duration.ofSeconds(5))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException("GET " + url + " failed", ex);
		}
	}

	private static String registryUrl() {
		return registry.url();
	}

	private static String gatewayUrl() {
		return "http://127.0.0.1:" + gatewayPort;
	}

	private static String managementUrl() {
		return "http://127.0.0.1:" + gatewayManagementPort;
	}

	/** An instance of a service made from the greeting jar. */
	private record Instance(JavaProcess process, String service, int port) {

		static Instance start(String service) {
			int port = FreePorts.next();
			JavaProcess process = StockGatewayIT.start("greeting.jar", service + "-" + port,
					List.of("--server.port=" + port, "--spring.application.name=" + service,
							"--beacon.discovery.registry-url=" + registryUrl(), "--beacon.discovery.token=" + TOKEN,
							"--beacon.discovery.host=127.0.0.1", "--beacon.discovery.drain=1s"));
			return new Instance(process, service, port);
		}

		String id() {
			return this.service + ":127.0.0.1:" + this.port;
		}

		void awaitUp() {
			StockGatewayIT.awaitUp(this.service, id(), this.process);
		}

		/** Whether the stock gateway passes a request for the service on to this instance. */
		@SuppressWarnings("unchecked")
		boolean answers() {
			HttpResponse<String> response = get(gatewayUrl() + "/" + this.service + "/hello");
			return response.statusCode() == 200
					&& id().equals(JSON.readValue(response.body(), Map.class).get("instance"));
		}

	}

}

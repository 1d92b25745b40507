package dev.beacon.demo.configclient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.RegistryProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud Config "discovery first" through Beacon, every part its own process: a config
 * client that knows no URL of the config server gets its properties from it, found through the
 * registry; after the config server moves to another port, a client started then finds it there.
 * The client's discovery settings are in its own {@code application.yml}, so the lookup must read
 * the application's files, not only its command line.
 */
class ConfigDiscoveryFirstIT {

	private static final String TOKEN = "config-it-token";

	private static final Duration STARTED_WITHIN = Duration.ofSeconds(90);

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final List<JavaProcess> processes = new ArrayList<>();

	private static RegistryProcess registry;

	@TempDir
	static Path configDirs;

	@BeforeAll
	static void startRegistry() {
		registry = RegistryProcess.start(Path.of(System.getProperty("registry.jar")), TOKEN, STARTED_WITHIN);
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
	void clientGetsItsPropertiesFromTheConfigServerFoundThroughBeaconAndFindsItAgainAfterItMoved()
			throws Exception {
		int firstPort = FreePorts.next();
		JavaProcess first = startConfigServer(firstPort, "served from the first port");
		awaitConfigServersUp(firstPort);

		assertThat(readMessage(startClient(registry.url()))).isEqualTo("served from the first port");

		first.stop();
		int secondPort = FreePorts.next();
		startConfigServer(secondPort, "served from the second port");
		awaitConfigServersUp(secondPort);

		assertThat(readMessage(startClient(registry.url()))).isEqualTo("served from the second port");
	}

	@Test
	void anOptionalImportStartsWithoutItsPropertiesWhenNoRegistryAnswers() throws Exception {
		Client client = startClient("http://127.0.0.1:" + FreePorts.next(), "--CONFIG_IMPORT=optional:configserver:");

		assertThat(readMessage(client)).isEqualTo("(no message)");
		assertThat(Files.readString(client.process().log())).contains("Could not locate configserver via discovery")
			.contains("No registry answered GET /v1/services/configserver");
	}

	/** Starts a config server serving {@code demo.message} to {@code config-client}. */
	private static JavaProcess startConfigServer(int port, String message) throws IOException {
		Path dir = Files.createDirectories(configDirs.resolve("port-" + port));
		Files.writeString(dir.resolve("config-client.properties"), "demo.message=" + message + "\n");
		return start("config-server.jar", "config-server-" + port,
				List.of("--server.port=" + port, "--spring.cloud.config.server.native.search-locations=file:" + dir + "/",
						"--BEACON_REGISTRY_URL=" + registry.url(), "--BEACON_TOKEN=" + TOKEN,
						"--beacon.discovery.host=127.0.0.1", "--beacon.discovery.drain=500ms"));
	}

	/** Waits until the registry lists the config servers on these ports as UP, and no other. */
	private static void awaitConfigServersUp(int... ports) {
		List<String> ids = Arrays.stream(ports).mapToObj((port) -> "configserver:127.0.0.1:" + port).toList();
		await("config servers " + ids + " UP").atMost(STARTED_WITHIN)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> registry.upInstances("configserver").equals(ids));
	}

	/** Starts a client whose only way to the config server is the registry given. */
	private static Client startClient(String registryUrl, String... args) {
		int port = FreePorts.next();
		List<String> all = new ArrayList<>(List.of("--server.port=" + port, "--BEACON_REGISTRY_URL=" + registryUrl,
				"--BEACON_TOKEN=" + TOKEN, "--beacon.discovery.host=127.0.0.1", "--beacon.discovery.drain=0s"));
		all.addAll(List.of(args));
		return new Client(start("config-client.jar", "config-client-" + port, all), port);
	}

	/** Waits until the client serves, answers its message, and stops it. */
	private static String readMessage(Client client) throws Exception {
		String url = "http://127.0.0.1:" + client.port() + "/message";
		try {
			client.process().awaitHttpOk(url, STARTED_WITHIN);
			return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString()).body();
		}
		finally {
			client.process().stop();
		}
	}

	private static JavaProcess start(String jar, String name, List<String> args) {
		JavaProcess process = JavaProcess.start(Path.of(System.getProperty(jar)), name, args);
		processes.add(process);
		return process;
	}

	private record Client(JavaProcess process, int port) {
	}

}

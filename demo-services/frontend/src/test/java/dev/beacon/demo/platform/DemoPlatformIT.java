package dev.beacon.demo.platform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo platform as the packaged jars, each its own process: Redis, a registry server, the
 * gateway, two greeting instances and the frontend. Calls go to the frontend through the
 * gateway; the frontend calls greeting with its {@code @LoadBalanced} clients.
 */
class DemoPlatformIT {

	private static final String TOKEN = "demo-platform-it-token";

	private static final int CALLERS = 4;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final List<JavaProcess> applications = Collections.synchronizedList(new ArrayList<>());

	private JavaProcess registry;

	@AfterEach
	void stopEverything() {
		// applications first, so that they deregister from a registry that still runs
		CompletableFuture<?>[] stopping = this.applications.stream()
			.map((application) -> CompletableFuture.runAsync(application::stop))
			.toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(stopping).join();
		}
		finally {
			if (this.registry != null) {
				this.registry.stop();
			}
		}
	}

	@Test
	void frontendThroughTheGatewayReachesBothGreetingInstancesAndNoCallFailsInARollingRestart() throws Exception {
		RedisEndpoint redis = RedisServers.shared();
		int registryPort = FreePorts.next();
		String registryUrl = "http://127.0.0.1:" + registryPort;
		this.registry = JavaProcess.start(jar("registry.jar"), "demo-registry",
				List.of("--server.port=" + registryPort, "--spring.data.redis.host=" + redis.host(),
						"--spring.data.redis.port=" + redis.port(),
						"--beacon.registry.key-prefix=demo-it-" + UUID.randomUUID().toString().substring(0, 8),
						"--beacon.registry.security.tokens[0].value=" + TOKEN,
						"--beacon.registry.security.tokens[0].roles=read,write"));
		this.registry.awaitHttpOk(registryUrl + "/actuator/health", START_TIMEOUT);

		int greeting1Port = FreePorts.next();
		int greeting2Port = FreePorts.next();
		int frontendPort = FreePorts.next();
		int gatewayPort = FreePorts.next();
		int gatewayManagementPort = FreePorts.next();
		JavaProcess greeting1 = startClient("greeting.jar", "demo-greeting-1", registryUrl, greeting1Port,
				"--beacon.discovery.zone=a");
		JavaProcess greeting2 = startClient("greeting.jar", "demo-greeting-2", registryUrl, greeting2Port,
				"--beacon.discovery.zone=b");
		JavaProcess frontend = startClient("frontend.jar", "demo-frontend", registryUrl, frontendPort);
		JavaProcess gateway = startClient("gateway.jar", "demo-gateway", registryUrl, gatewayPort,
				"--management.server.port=" + gatewayManagementPort);
		greeting1.awaitHttpOk("http://127.0.0.1:" + greeting1Port + "/actuator/health", START_TIMEOUT);
		greeting2.awaitHttpOk("http://127.0.0.1:" + greeting2Port + "/actuator/health", START_TIMEOUT);
		frontend.awaitHttpOk("http://127.0.0.1:" + frontendPort + "/actuator/health", START_TIMEOUT);
		gateway.awaitHttpOk("http://127.0.0.1:" + gatewayManagementPort + "/actuator/health", START_TIMEOUT);

		String greeting1Id = "greeting:127.0.0.1:" + greeting1Port;
		String greeting2Id = "greeting:127.0.0.1:" + greeting2Port;
		Frontend frontendViaGateway = new Frontend("http://127.0.0.1:" + gatewayPort + "/frontend");
		Set<String> answered = ConcurrentHashMap.newKeySet();
		// until the gateway and the frontend have discovered what they call, calls may fail
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			answered.add(frontendViaGateway.greet().instance());
			assertThat(answered).containsExactlyInAnyOrder(greeting1Id, greeting2Id);
		});

		// a rolling restart under steady load: greeting-1 gets SIGTERM (it deregisters, waits for
		// clients to hear of it, then finishes its requests), its replacement starts, then the same
		// for greeting-2; callers keep calling the frontend through the gateway all along
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		List<String> answeredAfterRestart = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger answeredWhileStopping = new AtomicInteger();
		AtomicReference<String> phase = new AtomicReference<>("before");
		AtomicBoolean calling = new AtomicBoolean(true);
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		int greeting3Port = FreePorts.next();
		String greeting3Id = "greeting:127.0.0.1:" + greeting3Port;
		try {
			for (int i = 0; i < CALLERS; i++) {
				callers.execute(() -> {
					while (calling.get()) {
						String during = phase.get();
						try {
							String instance = frontendViaGateway.greet().instance();
							if (during.startsWith("stopping")) {
								answeredWhileStopping.incrementAndGet();
							}
							if (during.equals("restarted")) {
								answeredAfterRestart.add(instance);
							}
						}
						catch (AssertionError failure) {
							failures.add(during + ": " + failure.getMessage());
						}
					}
				});
			}
			phase.set("stopping greeting-1");
			greeting1.stop();
			phase.set("starting greeting-3");
			JavaProcess greeting3 = startClient("greeting.jar", "demo-greeting-3", registryUrl, greeting3Port,
					"--beacon.discovery.zone=a");
			greeting3.awaitHttpOk("http://127.0.0.1:" + greeting3Port + "/actuator/health", START_TIMEOUT);
			await().atMost(Duration.ofSeconds(30)).until(() -> greeting3Id.equals(frontendViaGateway.greet().instance()));
			phase.set("stopping greeting-2");
			greeting2.stop();
			phase.set("restarted");
			await().atMost(Duration.ofSeconds(90)).until(() -> answeredAfterRestart.size() >= 30 || !failures.isEmpty());
		}
		finally {
			calling.set(false);
			callers.shutdown();
			assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).as("callers finished").isTrue();
		}

		assertThat(failures).as("calls that failed during the rolling restart").isEmpty();
		assertThat(answeredWhileStopping).as("calls while an instance stopped").hasPositiveValue();
		assertThat(answeredAfterRestart).containsOnly(greeting3Id);
		for (JavaProcess stopped : List.of(greeting1, greeting2)) {
			assertThat(stopped.isAlive()).isFalse();
			assertThat(log(stopped)).containsPattern("Deregistered greeting/greeting:127.0.0.1:\\d+.*; reached \\d+ "
					+ "watcher\\(s\\)").contains("Graceful shutdown complete");
		}
	}

	private JavaProcess startClient(String jar, String name, String registryUrl, int port, String... more) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--beacon.discovery.registry-url=" + registryUrl,
				"--beacon.discovery.token=" + TOKEN, "--beacon.discovery.host=127.0.0.1"));
		args.addAll(List.of(more));
		JavaProcess process = JavaProcess.start(jar(jar), name, args);
		this.applications.add(process);
		return process;
	}

	private static Path jar(String property) {
		String path = System.getProperty(property);
		assertThat(path).as("system property %s (set by failsafe in the pom)", property).isNotNull();
		return Path.of(path);
	}

	private static String log(JavaProcess process) throws IOException {
		// new String(...) replaces malformed bytes instead of failing like Files.readString
		return new String(Files.readAllBytes(process.log()), StandardCharsets.UTF_8);
	}

	/**
	 * Calls the frontend through the gateway, alternating its RestClient and WebClient endpoints.
	 */
	private static final class Frontend {

		private final String url;

		private final AtomicInteger calls = new AtomicInteger();

		Frontend(String url) {
			this.url = url;
		}

		/**
		 * One call.
		 * @return the greeting instance that answered, through the frontend
		 * @throws AssertionError if the call did not answer 200 with a greeting
		 */
		Greeting greet() {
			String path = (this.calls.getAndIncrement() % 2 == 0) ? "/greet" : "/greet/reactive";
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.url + path))
				.timeout(Duration.ofSeconds(10))
				.GET()
				.build();
			HttpResponse<String> response;
			try {
				response = http.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new AssertionError(path + " failed: " + ex, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			if (response.statusCode() != 200) {
				throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
			}
			Map<?, ?> body = JsonMapper.shared().readValue(response.body(), Map.class);
			if (!(body.get("greeting") instanceof Map<?, ?> greeting)) {
				throw new AssertionError(path + " answered no greeting: " + response.body());
			}
			return new Greeting((String) greeting.get("instance"), (String) greeting.get("zone"));
		}

	}

	private record Greeting(String instance, String zone) {
	}

}

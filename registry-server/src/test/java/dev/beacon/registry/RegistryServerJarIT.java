package dev.beacon.registry;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar ({@code java -jar registry-server.jar}) as operators run it: it serves the
 * API and metrics, stops gracefully on SIGTERM, and rides out a Redis that is not there yet.
 */
class RegistryServerJarIT {

	private static final String TOKEN = "it-token-read-write";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final String FEED_DOWN = "Change feed cannot read the change log from Redis";

	private static final String FEED_UP = "Change feed reconnected to Redis";

	private static final String INSTANCE = "/v1/services/orders/instances/orders-1";

	private static final String SHUTDOWN_BEGINS = "Commencing graceful shutdown";

	/** A log line at WARN or ERROR level, as Boot's console pattern writes it. */
	private static final Pattern WARNING = Pattern.compile("^\\S+\\s+(WARN|ERROR)\\s");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private JavaProcess registry;

	private ManagedRedis redis;

	private String url;

	private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stop() {
		this.heartbeats.shutdownNow();
		try {
			if (this.registry != null) {
				this.registry.stop();
			}
		}
		finally {
			if (this.redis != null) {
				this.redis.close();
			}
		}
	}

	@Test
	void jarServesTheApiAndMetricsThenStopsGracefullyOnSigterm() throws Exception {
		start("registry-jar", RedisServers.shared());
		this.registry.awaitHttpOk(this.url + "/actuator/health", START_TIMEOUT);
		assertThat(register().statusCode()).isEqualTo(201);
		HttpResponse<String> read = send(request(INSTANCE).GET());
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(json(read.body())).containsEntry("service", "orders")
			.containsEntry("id", "orders-1")
			.containsEntry("host", "10.0.0.1")
			.containsEntry("port", 8080);
		assertThat(send(unauthenticated("/actuator/prometheus")).statusCode()).isEqualTo(401);
		HttpResponse<String> metrics = send(request("/actuator/prometheus"));
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("beacon_registry_registrations_total");
		ProcessHandle.of(this.registry.pid()).orElseThrow().destroy(); // SIGTERM
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.registry.isAlive());
		assertThat(log()).contains("Graceful shutdown complete");
	}

	/**
	 * A stop while clients watch, wait in blocking queries and send heartbeats, with the change
	 * feed's Redis connection slow to close ({@link SlowFeedConnectionClose}): the stop must
	 * neither close a connection twice nor issue a command on a closed one.
	 */
	@Test
	void jarStoppedWhileClientsWatchWaitAndHeartbeatLogsNoWarning(@TempDir Path classes) throws Exception {
		start("registry-jar-busy-stop", RedisServers.shared(), SlowFeedConnectionClose.writeTo(classes));
		this.registry.awaitHttpOk(this.url + "/actuator/health", START_TIMEOUT);
		List<StringBuffer> streams = List.of(new StringBuffer(), new StringBuffer());
		List<CompletableFuture<?>> watches = new ArrayList<>();
		for (StringBuffer stream : streams) {
			watches.add(watch(stream));
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> streams.stream().allMatch((stream) -> stream.indexOf(":open") >= 0));
		List<String> instances = List.of(INSTANCE, "/v1/services/orders/instances/orders-2",
				"/v1/services/billing/instances/billing-1");
		for (String instance : instances) {
			assertThat(register(instance).statusCode()).isEqualTo(201);
		}
		// the change feed has read the registrations from Redis, on its own connection, and
		// handed them out in order
		await().atMost(Duration.ofSeconds(10))
			.until(() -> streams.stream().allMatch((stream) -> stream.indexOf("billing-1") >= 0));
		String revision = send(request("/v1/services/orders")).headers()
			.firstValue("X-Beacon-Revision")
			.orElseThrow();
		List<CompletableFuture<?>> blockingQueries = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			blockingQueries.add(http.sendAsync(request("/v1/services/orders?index=" + revision + "&wait=30s")
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString()));
		}
		AtomicInteger renewed = new AtomicInteger();
		this.heartbeats.scheduleAtFixedRate(() -> instances.forEach((instance) -> http
			.sendAsync(request(instance + "/heartbeat").PUT(HttpRequest.BodyPublishers.noBody()).build(),
					HttpResponse.BodyHandlers.discarding())
			.thenAccept((response) -> renewed.incrementAndGet())), 0, 20, TimeUnit.MILLISECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> renewed.get() >= 30);
		assertThat(watches).noneMatch(CompletableFuture::isDone);
		assertThat(blockingQueries).noneMatch(CompletableFuture::isDone);

		ProcessHandle.of(this.registry.pid()).orElseThrow().destroy(); // SIGTERM
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.registry.isAlive());

		String log = log();
		assertThat(log).contains(SHUTDOWN_BEGINS, "Graceful shutdown complete");
		assertThat(log.substring(log.indexOf(SHUTDOWN_BEGINS)).lines())
			.filteredOn((line) -> WARNING.matcher(line).find())
			.isEmpty();
	}

	@Test
	void jarStartedWithoutRedisStaysUpReportsDownWarnsOnceAndRecoversWhenRedisComes() throws Exception {
		this.redis = RedisServers.startNew();
		this.redis.stop(); // its port now refuses connections
		start("registry-jar-without-redis", this.redis.endpoint());
		await().atMost(START_TIMEOUT).until(() -> health().equals(new Health(503, "DOWN")));
		await().atMost(Duration.ofSeconds(30)).until(() -> log().contains(FEED_DOWN));
		// the feed retries every second meanwhile: it must neither die nor warn again
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> this.registry.isAlive() && health().equals(new Health(503, "DOWN")));
		assertThat(log().lines().filter((line) -> line.contains(FEED_DOWN))).singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN"));
		this.redis.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> health().equals(new Health(200, "UP")));
		await().atMost(Duration.ofSeconds(30)).until(() -> register().statusCode() / 100 == 2);
		assertThat(send(request(INSTANCE).GET()).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30)).until(() -> log().contains(FEED_UP));
		assertThat(log().lines().filter((line) -> line.contains(FEED_DOWN))).hasSize(1);
	}

	private void start(String name, RedisEndpoint redis) {
		this.registry = JavaProcess.start(jar(), name, arguments(redis));
	}

	/** Starts the jar with the classes and resources under {@code loaderPath} added to its own. */
	private void start(String name, RedisEndpoint redis, Path loaderPath) {
		this.registry = JavaProcess.startWithLoaderPath(jar(), loaderPath, name, arguments(redis));
	}

	private static Path jar() {
		return Path.of(System.getProperty("registry.jar"));
	}

	private List<String> arguments(RedisEndpoint redis) {
		int port = FreePorts.next();
		this.url = "http://127.0.0.1:" + port;
		return List.of("--server.port=" + port, "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(),
				"--beacon.registry.key-prefix=it" + UUID.randomUUID().toString().substring(0, 8),
				"--beacon.registry.security.tokens[0].value=" + TOKEN,
				"--beacon.registry.security.tokens[0].roles=read,write");
	}

	private HttpResponse<String> register() throws IOException, InterruptedException {
		return register(INSTANCE);
	}

	private HttpResponse<String> register(String instance) throws IOException, InterruptedException {
		return send(request(instance).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"host\":\"10.0.0.1\",\"port\":8080}")));
	}

	/**
	 * Opens a watch stream whose text goes to {@code stream} as it comes.
	 * @return completes when the stream ends
	 */
	private CompletableFuture<?> watch(StringBuffer stream) {
		return http.sendAsync(request("/v1/watch").build(), HttpResponse.BodyHandlers.ofByteArrayConsumer(
				(chunk) -> chunk.ifPresent((bytes) -> stream.append(new String(bytes, StandardCharsets.UTF_8)))));
	}

	/** The health endpoint's HTTP status and overall status, or -1 while nothing answers. */
	private Health health() {
		try {
			HttpResponse<String> response = send(unauthenticated("/actuator/health"));
			return new Health(response.statusCode(), (String) json(response.body()).get("status"));
		}
		catch (IOException | JacksonException ex) {
			return new Health(-1, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path) {
		return unauthenticated(path).header("Authorization", "Bearer " + TOKEN);
	}

	private HttpRequest.Builder unauthenticated(String path) {
		return HttpRequest.newBuilder(URI.create(this.url + path)).GET();
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> json(String body) {
		return JsonMapper.shared().readValue(body, Map.class);
	}

	private String log() throws IOException {
		// new String(...) replaces malformed bytes instead of failing like Files.readString
		return new String(Files.readAllBytes(this.registry.log()), StandardCharsets.UTF_8);
	}

	private record Health(int status, String state) {
	}

}

package dev.beacon.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;
import dev.beacon.testsupport.TestCertificates;

/**
 * The packaged registry, gateway and greeting service, each run as its own process on free
 * loopback ports, and an HTTP client to call them. Closing it stops every process it started.
 */
final class Platform implements AutoCloseable {

	static final String TOKEN = "gateway-it-token";

	/**
	 * Tag of the tests that also run against gateways with their tuning off
	 * ({@code beacon.gateway.tuning.enabled=false}: stock Spring Cloud Gateway parts), in the
	 * failsafe execution {@code tuning-off}.
	 */
	static final String TUNING_OFF = "tuning-off";

	private static final List<String> GATEWAY_ARGS = Arrays.stream(System.getProperty("gateway.args", "").split("\\s+"))
		.filter((arg) -> !arg.isEmpty())
		.toList();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http;

	/** When set, the registry serves HTTPS only and every client trusts it through an SSL bundle. */
	private final @Nullable TestCertificates tls;

	private final int registryManagementPort = FreePorts.next();

	private final List<JavaProcess> processes = new ArrayList<>();

	private final String prefix = "gw" + System.nanoTime();

	private final int registryPort = FreePorts.next();

	Platform() {
		this(null);
	}

	private Platform(@Nullable TestCertificates tls) {
		this.tls = tls;
		HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
		if (tls != null) {
			http.sslContext(tls.clientContext(null));
		}
		this.http = http.build();
	}

	/**
	 * A platform whose registry serves HTTPS only, with a certificate of the test's authority
	 * (its Actuator on a plain management port, as a platform's probes want it); the gateway and
	 * the instances trust it through {@code beacon.discovery.ssl.bundle}.
	 * @param certificates the test's certificates
	 * @return the platform
	 */
	static Platform withTls(TestCertificates certificates) {
		return new Platform(certificates);
	}

	Platform startRegistry() {
		return startRegistry(RedisServers.shared());
	}

	/**
	 * Starts the registry on a Redis of the test's own.
	 * @param redis the Redis, or the first node of one, such as a Sentinel group's primary
	 * @param properties more of the registry's properties, {@code name=value}, such as
	 * {@code spring.data.redis.sentinel.*}
	 */
	Platform startRegistry(RedisEndpoint redis, String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + this.registryPort,
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--beacon.registry.key-prefix=" + this.prefix, "--beacon.registry.security.tokens[0].value=" + TOKEN,
				"--beacon.registry.security.tokens[0].roles=read,write"));
		TestCertificates certificates = this.tls;
		if (certificates != null) {
			args.addAll(List.of("--server.ssl.bundle=registry",
					"--spring.ssl.bundle.jks.registry.keystore.location=file:" + certificates.serverKeyStore(),
					"--spring.ssl.bundle.jks.registry.keystore.password=" + TestCertificates.PASSWORD,
					"--spring.ssl.bundle.jks.registry.keystore.type=PKCS12",
					"--management.server.port=" + this.registryManagementPort, "--management.server.ssl.enabled=false"));
		}
		for (String property : properties) {
			args.add("--" + property);
		}
		JavaProcess registry = start("registry.jar", "registry-" + this.registryPort, args);
		String health = (certificates != null) ? "http://127.0.0.1:" + this.registryManagementPort : registryUrl();
		registry.awaitHttpOk(health + "/actuator/health", Duration.ofSeconds(60));
		return this;
	}

	/** What a client of the registry needs besides its URL: trust in the test's authority, with TLS. */
	private List<String> registryClientArgs() {
		TestCertificates certificates = this.tls;
		if (certificates == null) {
			return List.of();
		}
		return List.of("--beacon.discovery.ssl.bundle=beacon",
				"--spring.ssl.bundle.jks.beacon.truststore.location=file:" + certificates.trustStore(),
				"--spring.ssl.bundle.jks.beacon.truststore.password=" + TestCertificates.PASSWORD,
				"--spring.ssl.bundle.jks.beacon.truststore.type=PKCS12");
	}

	String registryUrl() {
		return ((this.tls != null) ? "https" : "http") + "://127.0.0.1:" + this.registryPort;
	}

	/**
	 * Starts a gateway; it is ready once it answers on its management port. Every gateway also
	 * gets the arguments of the {@code gateway.args} system property (space-separated): the
	 * build's second run of the tests tagged {@link #TUNING_OFF} passes
	 * {@code --beacon.gateway.tuning.enabled=false} there.
	 */
	Gateway startGateway(String... properties) {
		int port = FreePorts.next();
		int management = FreePorts.next();
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--management.server.port=" + management,
				"--beacon.discovery.registry-url=" + registryUrl(), "--beacon.discovery.token=" + TOKEN));
		args.addAll(registryClientArgs());
		args.addAll(GATEWAY_ARGS);
		for (String property : properties) {
			args.add("--" + property);
		}
		JavaProcess process = start("gateway.jar", "gateway-" + port, args);
		return new Gateway(process, port, management);
	}

	/** Starts an instance of a service made from the greeting jar. */
	Instance startInstance(String service, String... properties) {
		return startInstance(service, FreePorts.next(), properties);
	}

	Instance startInstance(String service, int port, String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--spring.application.name=" + service,
				"--beacon.discovery.registry-url=" + registryUrl(), "--beacon.discovery.token=" + TOKEN,
				"--beacon.discovery.host=127.0.0.1", "--beacon.discovery.drain=1s"));
		args.addAll(registryClientArgs());
		for (String property : properties) {
			args.add("--" + property);
		}
		JavaProcess process = start("greeting.jar", service + "-" + port, args);
		return new Instance(process, service, port, properties);
	}

	private JavaProcess start(String jar, String name, List<String> args) {
		JavaProcess process = JavaProcess.start(Path.of(System.getProperty(jar)), name, args);
		this.processes.add(process);
		return process;
	}

	/** The ids of a service's instances the registry lists as UP. */
	@SuppressWarnings("unchecked")
	List<String> upInstances(String service) {
		Map<String, Object> body = JSON.readValue(get(registryUrl() + "/v1/services/" + service + "?status=UP").body(),
				Map.class);
		return ((List<Map<String, Object>>) body.get("instances")).stream()
			.map((instance) -> (String) instance.get("id"))
			.sorted()
			.toList();
	}

	/** Registers an instance straight with the registry, bypassing any application. */
	HttpResponse<String> register(String service, String id, String json) {
		return send(HttpRequest.newBuilder(URI.create(registryUrl() + "/v1/services/" + service + "/instances/" + id))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json)));
	}

	/** Deregisters an instance straight with the registry. */
	void deregister(String service, String id) {
		send(HttpRequest.newBuilder(URI.create(registryUrl() + "/v1/services/" + service + "/instances/" + id))
			.DELETE());
	}

	HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).GET());
	}

	HttpResponse<String> postJson(String url, String json) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.header("Authorization", "Bearer " + TOKEN)
				.timeout(Duration.ofSeconds(10))
				.build(), BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	static String instanceOf(HttpResponse<String> response) {
		return (String) JSON.readValue(response.body(), Map.class).get("instance");
	}

	@Override
	public void close() {
		for (int i = this.processes.size() - 1; i >= 0; i--) {
			this.processes.get(i).close();
		}
	}

	/** A running gateway. */
	record Gateway(JavaProcess process, int port, int managementPort) {

		String url() {
			return "http://127.0.0.1:" + this.port;
		}

		void awaitReady() {
			this.process.awaitHttpOk("http://127.0.0.1:" + this.managementPort + "/actuator/health",
					Duration.ofSeconds(90));
		}

	}

	/** A running instance of a service. */
	record Instance(JavaProcess process, String service, int port, String[] properties) {

		String id() {
			return this.service + ":127.0.0.1:" + this.port;
		}

		void awaitReady() {
			this.process.awaitHttpOk("http://127.0.0.1:" + this.port + "/actuator/health", Duration.ofSeconds(90));
		}

	}

}

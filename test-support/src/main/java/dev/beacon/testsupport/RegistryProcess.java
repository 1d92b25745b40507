package dev.beacon.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged registry server run by an integration test as its own process: on a free port,
 * on the shared Redis under a key prefix of its own, accepting one token with the read and write
 * roles.
 */
public final class RegistryProcess implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JavaProcess process;

	private final int port;

	private final String token;

	private RegistryProcess(JavaProcess process, int port, String token) {
		this.process = process;
		this.port = port;
		this.token = token;
	}

	/**
	 * Start the registry and wait until it is healthy.
	 * @param jar the registry server's jar
	 * @param token the token it accepts
	 * @param startedWithin how long it may take to start
	 * @return the started registry
	 */
	public static RegistryProcess start(Path jar, String token, Duration startedWithin) {
		RedisEndpoint redis = RedisServers.shared();
		int port = FreePorts.next();
		JavaProcess process = JavaProcess.start(jar, "registry-" + port,
				List.of("--server.port=" + port, "--spring.data.redis.host=" + redis.host(),
						"--spring.data.redis.port=" + redis.port(), "--beacon.registry.key-prefix=it" + System.nanoTime(),
						"--beacon.registry.security.tokens[0].value=" + token,
						"--beacon.registry.security.tokens[0].roles=read,write"));
		RegistryProcess registry = new RegistryProcess(process, port, token);
		try {
			process.awaitHttpOk(registry.url() + "/actuator/health", startedWithin);
		}
		catch (RuntimeException ex) {
			process.stop();
			throw ex;
		}
		return registry;
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * The ids of a service's instances that the registry lists as {@code UP}, in its order.
	 * @param service the service
	 * @return the ids
	 */
	@SuppressWarnings("unchecked")
	public List<String> upInstances(String service) {
		URI uri = URI.create(url() + "/v1/services/" + service + "?status=UP");
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Authorization", "Bearer " + this.token)
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			Map<String, Object> body = JSON.readValue(http.send(request, HttpResponse.BodyHandlers.ofString()).body(),
					Map.class);
			return ((List<Map<String, Object>>) body.get("instances")).stream()
				.map((instance) -> (String) instance.get("id"))
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + uri + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("GET " + uri + " interrupted", ex);
		}
	}

	@Override
	public void close() {
		this.process.stop();
	}

	@Override
	public String toString() {
		return "registry at " + url() + " (" + this.process + ")";
	}

}

package dev.beacon.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Real Redis servers for tests: one shared per JVM, or private ones a test may stop and start.
 */
public final class RedisServers {

	private static final Logger logger = LoggerFactory.getLogger(RedisServers.class);

	private static final String REDIS_URL = "REDIS_URL";

	private static final String IMAGE = "redis:7-alpine";

	private static final int REDIS_PORT = 6379;

	private static final int START_ATTEMPTS = 3;

	private static @Nullable RedisEndpoint shared;

	private RedisServers() {
	}

	/**
	 * Return the Redis shared by everything in this JVM, found or started on the first call:
	 * {@code REDIS_URL} if set, else a {@code redis:7-alpine} container if a Docker engine
	 * answers, else a {@code redis-server} process (from the PATH, else embedded-redis's binary).
	 * What this method started stops when the JVM shuts down. Tests sharing it should use unique
	 * keys.
	 * @return the endpoint of the shared Redis
	 * @throws IllegalStateException if no way to get a Redis worked
	 */
	public static synchronized RedisEndpoint shared() {
		if (shared == null) {
			shared = findOrStart();
		}
		return shared;
	}

	/**
	 * Start a fresh, private {@code redis-server} process on a free loopback port, from the
	 * binary on the PATH, else from embedded-redis's. Never uses {@code REDIS_URL} or Docker.
	 * @return the running server, which the caller closes
	 * @throws IllegalStateException if no binary is available or the server did not start
	 */
	public static ManagedRedis startNew() {
		return startNew(RedisBinary.locate());
	}

	private static ManagedRedis startNew(RedisBinary binary) {
		for (int attempt = 1;; attempt++) {
			ManagedRedis redis = new ManagedRedis(binary, FreePorts.next());
			try {
				redis.start();
				return redis;
			}
			catch (IllegalStateException ex) {
				// another process may have taken the free port before redis-server bound it
				if (attempt == START_ATTEMPTS || !String.valueOf(ex.getMessage()).contains("Address already in use")) {
					throw ex;
				}
			}
		}
	}

	private static RedisEndpoint findOrStart() {
		String url = System.getenv(REDIS_URL);
		if (url != null && !url.isBlank()) {
			RedisEndpoint endpoint = parse(url);
			logger.info("Using Redis at {} because {} is set", endpoint, REDIS_URL);
			if (!RedisPing.answers(endpoint)) {
				logger.warn("Redis at {} (from {}) does not answer PING yet", endpoint, REDIS_URL);
			}
			return endpoint;
		}
		List<String> tried = new ArrayList<>(List.of(REDIS_URL + " is not set"));
		RedisEndpoint container = startContainer(tried);
		if (container != null) {
			return container;
		}
		ManagedRedis redis;
		try {
			redis = startNew(RedisBinary.locate());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("No Redis for the tests: " + String.join("; ", tried) + "; and "
					+ ex.getMessage() + ". Set REDIS_URL, start Docker or install redis-server.", ex);
		}
		logger.info("Using Redis at {}, a process started from the {}, because {}", redis.endpoint(), redis.binary(),
				String.join(" and ", tried));
		return redis.endpoint();
	}

	private static @Nullable RedisEndpoint startContainer(List<String> tried) {
		GenericContainer<?> container = null;
		try {
			TransportConfig transport;
			try {
				// finds the engine without Testcontainers' client, which would start Ryuk
				transport = DockerClientFactory.instance().getTransportConfig();
			}
			catch (RuntimeException ex) {
				tried.add("no Docker engine answers");
				return null;
			}
			String missing = DockerImages.missing(transport, neededImages());
			if (missing != null) {
				tried.add(missing);
				return null;
			}
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				tried.add("no Docker engine answers");
				return null;
			}
			container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(REDIS_PORT);
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "beacon-redis-container"));
			RedisEndpoint endpoint = new RedisEndpoint(container.getHost(), container.getMappedPort(REDIS_PORT));
			logger.info("Using Redis at {}, a {} container, because {} is not set and a Docker engine answers",
					endpoint, IMAGE, REDIS_URL);
			return endpoint;
		}
		catch (Throwable ex) {
			tried.add("the " + IMAGE + " container failed (" + ex + ")");
			stopQuietly(container);
			return null;
		}
	}

	/** The Redis image, and Ryuk's unless it is switched off as Testcontainers reads it. */
	private static List<String> neededImages() {
		TestcontainersConfiguration configuration = TestcontainersConfiguration.getInstance();
		// TESTCONTAINERS_RYUK_DISABLED, or ryuk.disabled in ~/.testcontainers.properties
		boolean ryukDisabled = Boolean.parseBoolean(configuration.getEnvVarOrProperty("ryuk.disabled", "false"));
		return ryukDisabled ? List.of(IMAGE) : List.of(IMAGE, configuration.getRyukImage());
	}

	private static void stopQuietly(@Nullable GenericContainer<?> container) {
		try {
			if (container != null) {
				container.stop();
			}
		}
		catch (Throwable ex) {
			// Testcontainers' Ryuk removes it when the JVM exits
		}
	}

	static RedisEndpoint parse(String url) {
		URI uri = URI.create(url.trim());
		if (uri.getUserInfo() != null) {
			throw new IllegalStateException(REDIS_URL + " must not carry credentials: RedisEndpoint has no password");
		}
		if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalStateException(REDIS_URL + " must look like redis://host:port, not " + url);
		}
		String host = uri.getHost().replaceAll("^\\[(.*)]$", "$1");
		return new RedisEndpoint(host, (uri.getPort() != -1) ? uri.getPort() : REDIS_PORT);
	}

}

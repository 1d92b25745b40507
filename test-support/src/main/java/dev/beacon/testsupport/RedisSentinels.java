package dev.beacon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

/**
 * A primary, one replica and three sentinels (quorum 2), each a real {@code redis-server}
 * process from the same binary as {@link RedisServers#startNew()}, for tests of a failover.
 * Nothing is kept on disk.
 */
public final class RedisSentinels implements AutoCloseable {

	/** The name the sentinels know the primary by ({@code spring.data.redis.sentinel.master}). */
	public static final String MASTER = "beacon";

	private static final String HOST = "127.0.0.1";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final ManagedRedis primary;

	private final ManagedRedis replica;

	private final List<ManagedRedis> sentinels;

	private final RedisClient client = RedisClient.create();

	private RedisSentinels(ManagedRedis primary, ManagedRedis replica, List<ManagedRedis> sentinels) {
		this.primary = primary;
		this.replica = replica;
		this.sentinels = sentinels;
	}

	/**
	 * Start the five processes and wait until the replica follows the primary and every
	 * sentinel knows the replica and the other two sentinels, so that a failover can happen.
	 * @param downAfter how long the primary must not answer before the sentinels call it down
	 * ({@code down-after-milliseconds}; Redis ships 30 s)
	 * @return the running processes, which the caller closes
	 */
	public static RedisSentinels start(Duration downAfter) {
		RedisBinary binary = RedisBinary.locate();
		List<ManagedRedis> started = new ArrayList<>();
		try {
			ManagedRedis primary = started(started, server(binary, FreePorts.next(), List.of()));
			ManagedRedis replica = started(started, server(binary, FreePorts.next(),
					List.of("--replicaof", HOST, String.valueOf(primary.endpoint().port()))));
			List<ManagedRedis> sentinels = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				sentinels.add(started(started, sentinel(binary, FreePorts.next(), primary.endpoint(), downAfter)));
			}
			RedisSentinels group = new RedisSentinels(primary, replica, sentinels);
			group.awaitReady();
			return group;
		}
		catch (RuntimeException ex) {
			started.forEach(ManagedRedis::close);
			throw ex;
		}
	}

	/** The sentinels, as {@code spring.data.redis.sentinel.nodes} lists them. */
	public String nodes() {
		return this.sentinels.stream()
			.map((sentinel) -> sentinel.endpoint().host() + ":" + sentinel.endpoint().port())
			.collect(Collectors.joining(","));
	}

	/** The primary the group started with. */
	public ManagedRedis primary() {
		return this.primary;
	}

	/**
	 * The port of the server the sentinels name as primary now.
	 * @return the port, or {@code -1} when the sentinel asked does not answer
	 */
	public int currentPrimaryPort() {
		try (StatefulRedisSentinelConnection<String, String> sentinel = this.client
			.connectSentinel(uri(this.sentinels.get(0).endpoint()))) {
			return ((java.net.InetSocketAddress) sentinel.sync().getMasterAddrByName(MASTER)).getPort();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	@Override
	public void close() {
		this.sentinels.forEach(ManagedRedis::close);
		this.replica.close();
		this.primary.close();
		this.client.shutdown();
	}

	private void awaitReady() {
		await("the replica to follow the primary", () -> info(this.replica.endpoint(), "replication")
			.contains("master_link_status:up"));
		for (ManagedRedis sentinel : this.sentinels) {
			await("sentinel " + sentinel.endpoint() + " to know the replica and the other sentinels", () -> {
				Map<String, String> master = sentinelMaster(sentinel.endpoint());
				return "1".equals(master.get("num-slaves")) && "2".equals(master.get("num-other-sentinels"));
			});
		}
	}

	private String info(RedisEndpoint endpoint, String section) {
		try (StatefulRedisConnection<String, String> connection = this.client.connect(uri(endpoint))) {
			return connection.sync().info(section);
		}
		catch (RuntimeException ex) {
			return "";
		}
	}

	private Map<String, String> sentinelMaster(RedisEndpoint endpoint) {
		try (StatefulRedisSentinelConnection<String, String> sentinel = this.client.connectSentinel(uri(endpoint))) {
			return sentinel.sync().master(MASTER);
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
	}

	private static void await(String what, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Gave up waiting for " + what + " after " + READY_TIMEOUT.toSeconds()
						+ " s");
			}
			try {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
	}

	private static RedisURI uri(RedisEndpoint endpoint) {
		return RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port())
			.withTimeout(Duration.ofSeconds(1)).build();
	}

	private static ManagedRedis started(List<ManagedRedis> started, ManagedRedis redis) {
		redis.start();
		started.add(redis);
		return redis;
	}

	private static ManagedRedis server(RedisBinary binary, int port, List<String> extra) {
		List<String> arguments = new ArrayList<>(ManagedRedis.serverArguments(port));
		arguments.addAll(extra);
		return new ManagedRedis(binary, port, arguments);
	}

	/** A sentinel rewrites its configuration file, so each gets one of its own. */
	private static ManagedRedis sentinel(RedisBinary binary, int port, RedisEndpoint primary, Duration downAfter) {
		try {
			Path config = Files.createTempFile("beacon-sentinel-" + port + "-", ".conf");
			config.toFile().deleteOnExit();
			Files.writeString(config, String.join("\n", "port " + port, "bind " + HOST,
					"sentinel monitor " + MASTER + " " + primary.host() + " " + primary.port() + " 2",
					"sentinel down-after-milliseconds " + MASTER + " " + downAfter.toMillis(),
					"sentinel failover-timeout " + MASTER + " 10000", "") + "\n");
			return new ManagedRedis(binary, port, List.of(config.toString(), "--sentinel"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write a sentinel's configuration", ex);
		}
	}

}

package dev.beacon.registry.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.UnblockType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.WireCodec;
import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;

import static org.awaitility.Awaitility.await;

/**
 * The registry's store and change log on a real Redis, under a key prefix of their own so that
 * tests sharing one Redis never see each other's data; for testing what is built on them
 * without a whole registry server.
 */
public final class RedisTestStore implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final WireCodec WIRE = new WireCodec();

	private final RedisEndpoint endpoint;

	private final LettuceConnectionFactory connections;

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	private final RedisInstanceStore store;

	private RedisTestStore(RedisEndpoint endpoint, String prefix) {
		this.endpoint = endpoint;
		// named after the prefix, so that this store's connections can be told from others
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(endpoint.host(), endpoint.port()),
				LettuceClientConfiguration.builder().clientName(prefix).build());
		this.connections.afterPropertiesSet();
		this.redis = new ReactiveStringRedisTemplate(this.connections);
		this.keys = new RedisKeys(prefix);
		this.store = new RedisInstanceStore(this.redis, this.keys, 10_000, WIRE);
	}

	/**
	 * @return a store on the shared Redis under a new key prefix
	 */
	public static RedisTestStore create() {
		return new RedisTestStore(RedisServers.shared(), "t" + UUID.randomUUID().toString().substring(0, 8));
	}

	/**
	 * @return a store on the same keys over connections of its own, as a second registry
	 * server has
	 */
	public RedisTestStore sameKeys() {
		return new RedisTestStore(this.endpoint, this.keys.prefix());
	}

	public RedisInstanceStore store() {
		return this.store;
	}

	/**
	 * @return a new change log, with a blocking connection of its own
	 */
	public RedisChangeLog changeLog() {
		return new RedisChangeLog(this.redis, this.connections, this.keys, WIRE);
	}

	public RedisKeys keys() {
		return this.keys;
	}

	public ReactiveStringRedisTemplate redis() {
		return this.redis;
	}

	/** Registers an {@code UP} instance with a 15 s lease, which records one event. */
	public Instance register(String service, String id) {
		Instance instance = new Instance(service, id, "10.0.0.1", 8080, false, InstanceStatus.UP, null, 1, Map.of(),
				15);
		this.store.register(instance).block(TIMEOUT);
		return instance;
	}

	/** Moves an instance's lease end to the past, as if it had not been renewed in time. */
	public void expireLease(String service, String id) {
		this.redis.opsForZSet().add(this.keys.leases(), service + "/" + id, 0).block(TIMEOUT);
	}

	/**
	 * Waits until a change log of this store blocks in a read, then fails that read with an
	 * error from Redis, as a broken connection would.
	 */
	public void failBlockedRead() {
		try (RedisConnection connection = this.connections.getConnection()) {
			await().atMost(TIMEOUT).until(() -> unblockWithError(connection));
		}
	}

	private boolean unblockWithError(RedisConnection connection) {
		String blocked = connection.serverCommands()
			.getClientList()
			.stream()
			.filter((client) -> this.keys.prefix().equals(client.getName()) && client.getFlags().contains("b"))
			.map((client) -> client.get("id"))
			.findFirst()
			.orElse(null);
		return blocked != null && ((RedisClusterAsyncCommands<?, ?>) connection.getNativeConnection())
			.clientUnblock(Long.parseLong(blocked), UnblockType.ERROR)
			.toCompletableFuture()
			.join() == 1;
	}

	/** Every event the change log holds, oldest first. */
	public List<ChangeEvent> events() {
		return changeLog().after(LogPosition.START, 100_000).collectList().block(TIMEOUT);
	}

	@Override
	public void close() {
		this.connections.destroy();
	}

}

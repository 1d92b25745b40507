package dev.beacon.registry.store;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.UnblockType;
import reactor.core.publisher.Flux;
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

	/** As many as a registry server has by default. */
	public static final int PARTITIONS = 8;

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
		this.keys = new RedisKeys(prefix, PARTITIONS);
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
		this.redis.opsForZSet().add(this.keys.leases(service), service + "/" + id, 0).block(TIMEOUT);
	}

	/**
	 * Waits until a change log of this store blocks in a read of every partition, then fails
	 * those reads with an error from Redis, as a broken connection would.
	 */
	public void failBlockedReads() {
		try (RedisConnection connection = this.connections.getConnection()) {
			await().atMost(TIMEOUT).until(() -> blockedReads(connection).size() == PARTITIONS);
			for (String blocked : blockedReads(connection)) {
				((RedisClusterAsyncCommands<?, ?>) connection.getNativeConnection())
					.clientUnblock(Long.parseLong(blocked), UnblockType.ERROR)
					.toCompletableFuture()
					.join();
			}
		}
	}

	private List<String> blockedReads(RedisConnection connection) {
		return connection.serverCommands()
			.getClientList()
			.stream()
			.filter((client) -> this.keys.prefix().equals(client.getName()) && client.getFlags().contains("b"))
			.map((client) -> client.get("id"))
			.toList();
	}

	/**
	 * Every event the change log holds, oldest first by position: in the order they were
	 * written, but for events of different partitions written within one millisecond.
	 */
	public List<ChangeEvent> events() {
		try (RedisChangeLog log = changeLog()) {
			return Flux.range(0, PARTITIONS)
				.concatMap((partition) -> log.after(partition, LogPosition.START, 100_000))
				.sort(Comparator.comparing(ChangeEvent::position))
				.collectList()
				.block(TIMEOUT);
		}
	}

	/** Every event of one service the change log holds, oldest first. */
	public List<ChangeEvent> events(String service) {
		try (RedisChangeLog log = changeLog()) {
			return log.after(this.keys.partitionOf(service), LogPosition.START, 100_000)
				.filter((event) -> event.service().equals(service))
				.collectList()
				.block(TIMEOUT);
		}
	}

	@Override
	public void close() {
		this.connections.destroy();
	}

}

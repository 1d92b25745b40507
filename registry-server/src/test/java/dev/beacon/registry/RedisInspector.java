package dev.beacon.registry;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import dev.beacon.registry.store.RedisKeys;
import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;

/**
 * Looks straight into Redis, past the registry, to check what it stored.
 */
final class RedisInspector implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final StatefulRedisConnection<byte[], byte[]> binary;

	RedisInspector() {
		this(RedisServers.shared());
	}

	RedisInspector(RedisEndpoint endpoint) {
		this.client = RedisClient.create(endpoint.uri());
		this.connection = this.client.connect();
		this.binary = this.client.connect(ByteArrayCodec.INSTANCE);
	}

	RedisCommands<String, String> commands() {
		return this.connection.sync();
	}

	/**
	 * Every key of the registry's state under a prefix with a serialized copy of its value, to
	 * compare before and after. The reapers' bookkeeping and the servers' delivered positions,
	 * which move every second whatever the requests, are left out.
	 */
	Map<String, String> dump(String prefix) {
		Map<String, String> dump = new TreeMap<>();
		for (String key : commands().keys(prefix + ":*")) {
			if (key.contains(":reaper:") || key.endsWith(":delivered")) {
				continue;
			}
			byte[] value = this.binary.sync().dump(key.getBytes());
			dump.put(key, (value != null) ? Base64.getEncoder().encodeToString(value) : "");
		}
		return dump;
	}

	/** Every event of every partition, a partition after the other. */
	List<StreamMessage<String, String>> events(String prefix) {
		RedisKeys keys = keys(prefix);
		List<StreamMessage<String, String>> events = new ArrayList<>();
		for (int partition = 0; partition < keys.partitions(); partition++) {
			events.addAll(commands().xrange(keys.events(partition), Range.create("-", "+")));
		}
		return events;
	}

	/** Every lease of every partition, as {@code service/id} with its end in milliseconds. */
	Map<String, Double> leases(String prefix) {
		RedisKeys keys = keys(prefix);
		Map<String, Double> leases = new TreeMap<>();
		for (int partition = 0; partition < keys.partitions(); partition++) {
			commands().zrangeWithScores(keys.leases(partition), 0, -1)
				.forEach((lease) -> leases.merge(lease.getValue(), lease.getScore(), (a, b) -> {
					throw new IllegalStateException("Two leases of " + lease.getValue());
				}));
		}
		return leases;
	}

	/** The keys of a registry on one Redis with the default number of partitions. */
	static RedisKeys keys(String prefix) {
		return new RedisKeys(prefix, 1);
	}

	/** The keys of a registry on Redis Cluster with the default number of partitions. */
	static RedisKeys clusterKeys(String prefix) {
		return new RedisKeys(prefix, 8);
	}

	void flushAll() {
		commands().flushall();
	}

	@Override
	public void close() {
		this.connection.close();
		this.binary.close();
		this.client.shutdown();
	}

}

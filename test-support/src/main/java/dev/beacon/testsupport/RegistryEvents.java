package dev.beacon.testsupport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Reads a registry's change log straight from Redis, for tests that check what a registry
 * server recorded: every partition's stream under a key prefix ({@code <prefix>:{<tag>}:events}).
 */
public final class RegistryEvents {

	private RegistryEvents() {
	}

	/**
	 * Every event the registry's streams hold, oldest first by stream id (events of different
	 * partitions written within one millisecond may come in either order).
	 * @param redis where the registry keeps its data
	 * @param prefix the registry's key prefix ({@code beacon.registry.key-prefix})
	 * @return each event's fields
	 */
	public static List<Map<String, String>> read(RedisEndpoint redis, String prefix) {
		RedisClient client = RedisClient.create(redis.uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			List<StreamMessage<String, String>> events = new ArrayList<>();
			ScanArgs streams = ScanArgs.Builder.matches(prefix + ":{*}:events").limit(1000);
			KeyScanCursor<String> cursor = commands.scan(streams);
			while (true) {
				cursor.getKeys().forEach((key) -> events.addAll(commands.xrange(key, Range.create("-", "+"))));
				if (cursor.isFinished()) {
					break;
				}
				cursor = commands.scan(ScanCursor.of(cursor.getCursor()), streams);
			}
			return events.stream()
				.sorted(Comparator.comparing((StreamMessage<String, String> event) -> millis(event.getId()))
					.thenComparing((event) -> sequence(event.getId())))
				.map(StreamMessage::getBody)
				.toList();
		}
		finally {
			client.shutdown();
		}
	}

	private static long millis(String id) {
		return Long.parseLong(id.substring(0, id.indexOf('-')));
	}

	private static long sequence(String id) {
		return Long.parseLong(id.substring(id.indexOf('-') + 1));
	}

}

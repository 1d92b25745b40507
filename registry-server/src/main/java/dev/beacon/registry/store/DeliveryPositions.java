package dev.beacon.registry.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * How far each registry server has delivered each partition's change stream to its watchers,
 * kept in Redis (a hash per partition, {@code <base>:delivered}, a field per server) so that any
 * server can tell when a change has reached every watcher of every server. Each entry carries
 * the time it was written: a server that stopped refreshing its entries (it died) is not waited
 * for once they are older than the staleness bound.
 */
public final class DeliveryPositions {

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	public DeliveryPositions(ReactiveStringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	/**
	 * Records that a server delivered a partition's events up to a position.
	 * @param partition the partition
	 * @param server the server's id
	 * @param position every event up to it reached every watcher of the server
	 * @param watchers how many watchers the server has
	 * @param now the server's time, in milliseconds
	 * @return completes once written
	 */
	public Mono<Void> record(int partition, String server, LogPosition position, int watchers, long now) {
		return this.redis.<String, String>opsForHash()
			.put(key(partition), server, position + "|" + now + "|" + watchers)
			.then();
	}

	/**
	 * Removes a server's entries, as it stops.
	 * @param server the server's id
	 * @return completes once removed
	 */
	public Mono<Void> withdraw(String server) {
		return Flux.range(0, this.keys.partitions())
			.flatMap((partition) -> this.redis.opsForHash().remove(key(partition), server))
			.then();
	}

	/**
	 * The entries of a partition written within a bound, that is of the servers alive.
	 * @param partition the partition
	 * @param now the time now, in milliseconds
	 * @param staleAfter entries older than this are of servers that stopped
	 * @return one entry per live server
	 */
	public Mono<List<ServerDelivery>> live(int partition, long now, Duration staleAfter) {
		return this.redis.<String, String>opsForHash().entries(key(partition)).collectList().map((entries) -> {
			List<ServerDelivery> live = new ArrayList<>();
			for (var entry : entries) {
				String[] parts = entry.getValue().split("\\|");
				if (parts.length == 3 && now - Long.parseLong(parts[1]) <= staleAfter.toMillis()) {
					live.add(new ServerDelivery(entry.getKey(), LogPosition.parse(parts[0]),
							Integer.parseInt(parts[2])));
				}
			}
			return live;
		});
	}

	private String key(int partition) {
		return this.keys.base(partition) + ":delivered";
	}

	/**
	 * One server's delivery of a partition.
	 *
	 * @param server the server's id
	 * @param position every event up to it reached every watcher of the server
	 * @param watchers how many watchers the server had
	 */
	public record ServerDelivery(String server, LogPosition position, int watchers) {
	}

}

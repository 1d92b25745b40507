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
	 * Records how far a server delivered a partition's events.
	 * @param partition the partition
	 * @param server the server's id
	 * @param progress how far, and who holds it back
	 * @param now the server's time, in milliseconds
	 * @return completes once written
	 */
	public Mono<Void> record(int partition, String server, Progress progress, long now) {
		return this.redis.<String, String>opsForHash()
			.put(key(partition), server, progress.position() + "|" + now + "|" + progress.watchers() + "|"
					+ progress.holding() + "|" + progress.cut())
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
				// entries of three fields are written by servers that count neither holders nor cuts
				if ((parts.length == 3 || parts.length == 5) && now - Long.parseLong(parts[1]) <= staleAfter.toMillis()) {
					Progress progress = new Progress(LogPosition.parse(parts[0]), Integer.parseInt(parts[2]),
							(parts.length == 5) ? Integer.parseInt(parts[3]) : 0,
							(parts.length == 5) ? Long.parseLong(parts[4]) : 0);
					live.add(new ServerDelivery(entry.getKey(), progress));
				}
			}
			return live;
		});
	}

	private String key(int partition) {
		return this.keys.base(partition) + ":delivered";
	}

	/**
	 * How far a server delivered a partition's events.
	 *
	 * @param position every event up to it reached every watcher of the server
	 * @param watchers how many watchers the server has
	 * @param holding how many of them hold events of the partition after the position unread
	 * @param cut how many watchers the server cut for reading too slowly since it started
	 */
	public record Progress(LogPosition position, int watchers, int holding, long cut) {
	}

	/**
	 * One server's delivery of a partition.
	 *
	 * @param server the server's id
	 * @param progress how far it delivered
	 */
	public record ServerDelivery(String server, Progress progress) {

		public LogPosition position() {
			return this.progress.position();
		}

	}

}

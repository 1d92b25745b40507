package dev.beacon.registry.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.beacon.registry.store.ChangeLog;
import dev.beacon.registry.store.DeliveryPositions;
import dev.beacon.registry.store.DeliveryPositions.ServerDelivery;
import dev.beacon.registry.store.LogPosition;

/**
 * Waits until a change just made has reached every watcher of every live registry server, as
 * their published delivery positions tell ({@link Deliveries}), or a timeout ends: what lets a
 * stopping instance leave as soon as every client has heard, instead of after a fixed drain.
 */
public final class DeliveryConfirmations {

	/** A server whose entries are older than this stopped refreshing them: it is not waited for. */
	static final Duration STALE_AFTER = Deliveries.REFRESH.multipliedBy(3);

	private static final Duration POLL = Duration.ofMillis(10);

	private final DeliveryPositions positions;

	private final ChangeLog changeLog;

	private final Clock clock;

	public DeliveryConfirmations(DeliveryPositions positions, ChangeLog changeLog, Clock clock) {
		this.positions = positions;
		this.changeLog = changeLog;
		this.clock = clock;
	}

	/**
	 * What the live servers had cut before a change: read before the change is made, so that
	 * the watchers cut while it is delivered are told apart from those cut earlier.
	 * @param service the service the change will be made to
	 * @return the servers' counts of watchers cut so far
	 */
	public Mono<Baseline> baseline(String service) {
		int partition = this.changeLog.partitionOf(service);
		return this.positions.live(partition, this.clock.millis(), STALE_AFTER)
			.map((servers) -> new Baseline(servers.stream()
				.collect(Collectors.toMap(ServerDelivery::server, (server) -> server.progress().cut()))));
	}

	/**
	 * Waits for the change of a service that was just made to be delivered everywhere.
	 * @param service the service the change was made to
	 * @param timeout the longest wait
	 * @param before what the servers had cut before the change
	 * @return what was confirmed, once every live server delivered it or the timeout ended
	 */
	public Mono<Confirmation> await(String service, Duration timeout, Baseline before) {
		long started = this.clock.millis();
		int partition = this.changeLog.partitionOf(service);
		// the newest position, read after the change, is the change's or a later one's
		return this.changeLog.newest(partition)
			.flatMap((change) -> Flux.interval(Duration.ZERO, POLL)
				// a read slower than the poll interval skips ticks rather than fail the wait
				.onBackpressureDrop()
				.concatMap((tick) -> this.positions.live(partition, this.clock.millis(), STALE_AFTER))
				.takeUntil((servers) -> reached(servers, change) || this.clock.millis() - started >= timeout.toMillis())
				.last()
				.map((servers) -> confirmation(servers, change, before, this.clock.millis() - started)));
	}

	/** No entry at all is no confirmation: this server's own is missing only while Redis lost it. */
	private static boolean reached(List<ServerDelivery> servers, LogPosition change) {
		return !servers.isEmpty() && servers.stream().noneMatch((server) -> server.position().isBefore(change));
	}

	private static Confirmation confirmation(List<ServerDelivery> servers, LogPosition change, Baseline before,
			long waited) {
		List<ServerDelivery> behind = servers.stream().filter((server) -> server.position().isBefore(change)).toList();
		int watchers = servers.stream().mapToInt((server) -> server.progress().watchers()).sum();
		long cut = servers.stream().mapToLong((server) -> before.cutSince(server)).sum();
		int holding = behind.stream().mapToInt((server) -> server.progress().holding()).sum();
		return new Confirmation(reached(servers, change), servers.size(), watchers, (int) (holding + cut), cut,
				behind.stream().map(ServerDelivery::server).toList(), Duration.ofMillis(waited));
	}

	/**
	 * How many watchers each live server had cut before a change.
	 *
	 * @param cuts the count of each server, by its id
	 */
	public record Baseline(Map<String, Long> cuts) {

		/** Servers that appear only later count their cuts from then on. */
		long cutSince(ServerDelivery server) {
			long now = server.progress().cut();
			return Math.max(0, now - this.cuts.getOrDefault(server.server(), now));
		}

	}

	/**
	 * Whether a change reached every watcher.
	 *
	 * @param delivered whether every live server handed it to all the watchers it still has
	 * @param servers how many live registry servers there were
	 * @param watchers how many watchers they had in all
	 * @param notReached watchers still holding it unread when the wait ended, and those cut for
	 * reading too slowly during the wait
	 * @param cut of those, the watchers cut during the wait
	 * @param behind the servers that had not delivered it when the wait ended
	 * @param waited how long the wait took
	 */
	public record Confirmation(boolean delivered, int servers, int watchers, int notReached, long cut,
			List<String> behind, Duration waited) {
	}

}

package dev.beacon.registry.feed;

import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.ChangeLog;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.LogCursor;
import dev.beacon.registry.store.LogItem;
import dev.beacon.registry.store.LogPosition;
import dev.beacon.registry.store.Snapshot;

/**
 * Builds one watcher's stream without losing or repeating an event: it opens a live watcher
 * first, then sends either the events after the watcher's cursor (while the change log still
 * holds all of them, in every partition) or a snapshot, then the live events after whatever it
 * sent last.
 */
public class WatchStreams {

	private static final int PAGE = 500;

	private final ChangeFeed feed;

	private final ChangeLog changeLog;

	private final InstanceStore store;

	public WatchStreams(ChangeFeed feed, ChangeLog changeLog, InstanceStore store) {
		this.feed = feed;
		this.changeLog = changeLog;
		this.store = store;
	}

	/**
	 * The cursor a watch stream's event id names.
	 * @param eventId the id, as a watcher sends it back
	 * @return the cursor, or {@code null} when the id is of another partitioning (a server
	 * configured otherwise, or from before partitions): the watcher starts over with a snapshot
	 * @throws IllegalArgumentException when the id is no event id at all
	 */
	public @Nullable LogCursor parseEventId(String eventId) {
		try {
			return LogCursor.parse(eventId, this.changeLog.partitions());
		}
		catch (IllegalArgumentException ex) {
			if (eventId.matches("[0-9a-z]+(\\.[0-9a-z-]*)+") || eventId.matches("[0-9]+-[0-9]+")) {
				return null;
			}
			throw ex;
		}
	}

	/**
	 * The stream of one watcher.
	 * @param services the services to watch; empty for all
	 * @param readable which services the watcher may see: with no services named, it watches
	 * those
	 * @param resumeAfter the cursor of the last event the watcher received, or {@code null}
	 * for a new watcher, which starts with a snapshot
	 * @return the snapshot or missed events, then live events, each with the cursor after it
	 */
	public Flux<WatchedItem> watch(Set<String> services, Predicate<String> readable, @Nullable LogCursor resumeAfter) {
		Predicate<String> wanted = services.isEmpty() ? readable : services::contains;
		return Flux.using(() -> this.feed.open(wanted), (watcher) -> {
			AtomicReference<LogCursor> sent = new AtomicReference<>(
					(resumeAfter != null) ? resumeAfter : LogCursor.start(this.changeLog.partitions()));
			Flux<LogItem> head = (resumeAfter != null) ? resume(services, wanted, resumeAfter)
					: snapshot(services, wanted);
			Flux<LogItem> live = watcher.events().filter((event) -> sent.get().isBefore(event)).map((event) -> event);
			return head.concatWith(live).map((item) -> new WatchedItem(item, sent.updateAndGet((cursor) -> after(cursor, item))));
		}, Watcher::close);
	}

	private static LogCursor after(LogCursor cursor, LogItem item) {
		if (item instanceof Snapshot snapshot) {
			return snapshot.cursor();
		}
		ChangeEvent event = (ChangeEvent) item;
		return cursor.with(event.partition(), event.position());
	}

	private Flux<LogItem> snapshot(Set<String> services, Predicate<String> wanted) {
		return this.store.snapshot(services)
			.<LogItem>map((snapshot) -> new Snapshot(snapshot.cursor(),
					snapshot.services().stream().filter((service) -> wanted.test(service.service())).toList()))
			.flux();
	}

	/**
	 * Only the partitions of the services watched matter: the cursor stands still in the others,
	 * whose streams may have moved on far past it.
	 */
	private Flux<LogItem> resume(Set<String> services, Predicate<String> wanted, LogCursor after) {
		List<Integer> partitions = services.isEmpty() ? IntStream.range(0, after.partitions()).boxed().toList()
				: services.stream().map(this.changeLog::partitionOf).distinct().sorted().toList();
		return Flux.fromIterable(partitions)
			.flatMap((partition) -> this.changeLog.holdsAllAfter(partition, after.position(partition)))
			.all((held) -> held)
			.flatMapMany((complete) -> complete ? missedEvents(partitions, wanted, after) : snapshot(services, wanted));
	}

	/** The missed events, a partition after the other: order matters within a service only. */
	private Flux<LogItem> missedEvents(List<Integer> partitions, Predicate<String> wanted, LogCursor after) {
		return Flux.fromIterable(partitions)
			.concatMap((partition) -> missedEvents(partition, after.position(partition)))
			.filter((event) -> wanted.test(event.service()))
			.cast(LogItem.class);
	}

	private Flux<ChangeEvent> missedEvents(int partition, LogPosition after) {
		return page(partition, after)
			.expand((events) -> (events.size() < PAGE) ? Mono.empty()
					: page(partition, events.get(events.size() - 1).position()))
			.flatMapIterable((events) -> events);
	}

	private Mono<List<ChangeEvent>> page(int partition, LogPosition after) {
		return this.changeLog.after(partition, after, PAGE).collectList();
	}

}

package dev.beacon.registry.feed;

import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.ChangeLog;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.LogItem;
import dev.beacon.registry.store.LogPosition;

/**
 * Builds one watcher's stream without losing or repeating an event: it opens a live watcher
 * first, then sends either the events after the watcher's last position (while the change log
 * still holds all of them) or a snapshot, then the live events after whatever it sent last.
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
	 * The stream of one watcher.
	 * @param services the services to watch; empty for all
	 * @param resumeAfter the position of the last event the watcher received, or {@code null}
	 * for a new watcher, which starts with a snapshot
	 * @return the snapshot or missed events, then live events
	 */
	public Flux<LogItem> watch(Set<String> services, @Nullable LogPosition resumeAfter) {
		Predicate<String> wanted = services.isEmpty() ? (service) -> true : services::contains;
		return Flux.using(() -> this.feed.open(wanted), (watcher) -> {
			AtomicReference<LogPosition> sent = new AtomicReference<>(
					(resumeAfter != null) ? resumeAfter : LogPosition.START);
			Flux<LogItem> head = (resumeAfter != null) ? resume(services, wanted, resumeAfter)
					: this.store.snapshot(services).<LogItem>map((snapshot) -> snapshot).flux();
			Flux<LogItem> live = watcher.events()
				.filter((event) -> event.position().isAfter(sent.get()))
				.map((event) -> event);
			return head.concatWith(live).doOnNext((item) -> sent.set(item.position()));
		}, Watcher::close);
	}

	private Flux<LogItem> resume(Set<String> services, Predicate<String> wanted, LogPosition after) {
		return this.changeLog.oldest().map((oldest) -> !after.isBefore(oldest)).defaultIfEmpty(false)
			.flatMapMany((complete) -> complete ? missedEvents(wanted, after)
					: this.store.snapshot(services).<LogItem>map((snapshot) -> snapshot).flux());
	}

	private Flux<LogItem> missedEvents(Predicate<String> wanted, LogPosition after) {
		return page(after).expand((events) -> (events.size() < PAGE) ? Mono.empty()
				: page(events.get(events.size() - 1).position()))
			.flatMapIterable((events) -> events)
			.filter((event) -> wanted.test(event.service()))
			.cast(LogItem.class);
	}

	private Mono<List<ChangeEvent>> page(LogPosition after) {
		return this.changeLog.after(after, PAGE).collectList();
	}

}

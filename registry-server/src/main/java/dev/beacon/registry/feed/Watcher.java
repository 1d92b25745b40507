package dev.beacon.registry.feed;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Predicate;

import reactor.core.Scannable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.LogPosition;

/**
 * One subscriber of the {@link ChangeFeed}: the live events of the services it asked for, held
 * in a bounded buffer until it takes them. A watcher too slow to keep up is ended with
 * {@link WatcherTooSlowException}; it resumes from its last event id without loss.
 */
public final class Watcher implements AutoCloseable {

	private final Predicate<String> services;

	private final Sinks.Many<ChangeEvent> sink;

	private final Consumer<Watcher> onClose;

	private final Runnable onTooSlow;

	/**
	 * The position of the last event of each partition handed to the watcher; written and
	 * read on the feed's dispatcher thread only.
	 */
	private final LogPosition[] lastOffered;

	Watcher(Predicate<String> services, int bufferSize, Consumer<Watcher> onClose, Runnable onTooSlow, int partitions) {
		this.services = services;
		this.sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<ChangeEvent>get(bufferSize).get());
		this.onClose = onClose;
		this.onTooSlow = onTooSlow;
		this.lastOffered = new LogPosition[partitions];
		Arrays.fill(this.lastOffered, LogPosition.START);
	}

	/**
	 * The live events, from the moment the watcher was opened. An event counts as delivered
	 * once the stream takes it from here.
	 * @return the events; ends when the feed stops or the watcher falls behind
	 */
	public Flux<ChangeEvent> events() {
		return this.sink.asFlux();
	}

	boolean offer(ChangeEvent event) {
		if (!this.services.test(event.service())) {
			return false;
		}
		this.lastOffered[event.partition()] = event.position();
		Sinks.EmitResult result = this.sink.tryEmitNext(event);
		// a full buffer reads FAIL_ZERO_SUBSCRIBER until the stream subscribes to the live
		// events, which a watch stream does only once its snapshot or backlog is sent
		if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
			this.sink.tryEmitError(new WatcherTooSlowException());
			close();
			this.onTooSlow.run();
		}
		return result.isSuccess();
	}

	/**
	 * Whether the watcher may still hold an event of a partition that it has not taken: it
	 * holds some events, and was handed one of that partition after a position.
	 * @param partition the partition
	 * @param after a position up to which the watcher is known to have taken every event
	 * @return {@code false} once the watcher took everything of the partition handed to it
	 */
	boolean mayHold(int partition, LogPosition after) {
		return this.lastOffered[partition].isAfter(after) && holdsEvents();
	}

	private boolean holdsEvents() {
		Integer buffered = Scannable.from(this.sink).scan(Scannable.Attr.BUFFERED);
		return buffered != null && buffered > 0;
	}

	void end() {
		this.sink.tryEmitComplete();
	}

	/** Events the watcher still held are no longer waited for: it is gone. */
	@Override
	public void close() {
		this.onClose.accept(this);
	}

}

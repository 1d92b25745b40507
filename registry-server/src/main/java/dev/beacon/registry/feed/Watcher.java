package dev.beacon.registry.feed;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import dev.beacon.registry.store.ChangeEvent;

/**
 * One subscriber of the {@link ChangeFeed}: the live events of the services it asked for, held
 * in a bounded buffer until it takes them. A watcher too slow to keep up is ended with
 * {@link WatcherTooSlowException}; it resumes from its last event id without loss.
 */
public final class Watcher implements AutoCloseable {

	private final Predicate<String> services;

	private final Sinks.Many<ChangeEvent> sink;

	private final Consumer<Watcher> onClose;

	private final @Nullable Deliveries deliveries;

	/** Events of each partition handed to the watcher and not taken yet. */
	private final AtomicInteger[] pending;

	Watcher(Predicate<String> services, int bufferSize, Consumer<Watcher> onClose, @Nullable Deliveries deliveries,
			int partitions) {
		this.services = services;
		this.sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<ChangeEvent>get(bufferSize).get());
		this.onClose = onClose;
		this.deliveries = deliveries;
		this.pending = new AtomicInteger[partitions];
		for (int i = 0; i < partitions; i++) {
			this.pending[i] = new AtomicInteger();
		}
	}

	/**
	 * The live events, from the moment the watcher was opened. An event counts as delivered
	 * once the stream takes it from here.
	 * @return the events; ends when the feed stops or the watcher falls behind
	 */
	public Flux<ChangeEvent> events() {
		return this.sink.asFlux().doOnNext((event) -> taken(event.partition()));
	}

	boolean offer(ChangeEvent event) {
		if (!this.services.test(event.service())) {
			return false;
		}
		int partition = event.partition();
		if (this.pending[partition].getAndIncrement() == 0 && this.deliveries != null) {
			this.deliveries.fellBehind(partition);
		}
		Sinks.EmitResult result = this.sink.tryEmitNext(event);
		if (!result.isSuccess()) {
			taken(partition);
		}
		// a full buffer reads FAIL_ZERO_SUBSCRIBER until the stream subscribes to the live
		// events, which a watch stream does only once its snapshot or backlog is sent
		if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
			this.sink.tryEmitError(new WatcherTooSlowException());
			close();
		}
		return result.isSuccess();
	}

	private void taken(int partition) {
		if (this.pending[partition].decrementAndGet() == 0 && this.deliveries != null) {
			this.deliveries.caughtUp(partition);
		}
	}

	void end() {
		this.sink.tryEmitComplete();
	}

	/** Events the watcher still held are no longer waited for: it is gone. */
	@Override
	public void close() {
		this.onClose.accept(this);
		for (int partition = 0; partition < this.pending.length; partition++) {
			if (this.pending[partition].getAndSet(0) > 0 && this.deliveries != null) {
				this.deliveries.caughtUp(partition);
			}
		}
	}

}

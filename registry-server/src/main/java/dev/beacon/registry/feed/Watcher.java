package dev.beacon.registry.feed;

import java.util.function.Consumer;
import java.util.function.Predicate;

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

	Watcher(Predicate<String> services, int bufferSize, Consumer<Watcher> onClose) {
		this.services = services;
		this.sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<ChangeEvent>get(bufferSize).get());
		this.onClose = onClose;
	}

	/**
	 * The live events, from the moment the watcher was opened.
	 * @return the events; ends when the feed stops or the watcher falls behind
	 */
	public Flux<ChangeEvent> events() {
		return this.sink.asFlux();
	}

	boolean offer(ChangeEvent event) {
		if (!this.services.test(event.service())) {
			return false;
		}
		Sinks.EmitResult result = this.sink.tryEmitNext(event);
		// a full buffer reads FAIL_ZERO_SUBSCRIBER until the stream subscribes to the live
		// events, which a watch stream does only once its snapshot or backlog is sent
		if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
			this.sink.tryEmitError(new WatcherTooSlowException());
			close();
		}
		return result.isSuccess();
	}

	void end() {
		this.sink.tryEmitComplete();
	}

	@Override
	public void close() {
		this.onClose.accept(this);
	}

}

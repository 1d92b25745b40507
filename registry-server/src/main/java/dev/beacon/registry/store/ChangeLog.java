package dev.beacon.registry.store;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bounded log of changes, read in order of position.
 */
public interface ChangeLog extends AutoCloseable {

	/**
	 * Events after a position, oldest first.
	 * @param position the position to read after
	 * @param count most events to return
	 * @return the events
	 */
	Flux<ChangeEvent> after(LogPosition position, int count);

	/**
	 * The oldest position the log still retains.
	 * @return the position; empty when the log is empty
	 */
	Mono<LogPosition> oldest();

	/**
	 * The newest position in the log.
	 * @return the position; {@link LogPosition#START} when the log is empty
	 */
	Mono<LogPosition> newest();

	/**
	 * Waits for events after a position and returns them as soon as there are some. Uses one
	 * dedicated connection, kept between calls, because the wait blocks it.
	 * @param position the position to read after
	 * @param timeout longest wait
	 * @param count most events to return
	 * @return the events; none when the wait timed out
	 */
	Flux<ChangeEvent> await(LogPosition position, Duration timeout, int count);

	/**
	 * The identity of the data Redis holds, set once when absent: another answer than before
	 * means Redis lost its data meanwhile (a restart without persistence, a failover to a
	 * replica that lacked it, a flush), and with it events no watcher will ever receive.
	 * @return the current identity
	 */
	Mono<String> epoch();

	/**
	 * Closes the connection that {@link #await} holds, ending a wait in progress, and returns
	 * once it is closed. The next {@code await} opens a new one.
	 */
	@Override
	void close();

}

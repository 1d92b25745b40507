package dev.beacon.registry.store;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bounded log of changes: one stream per partition, each read in order of position.
 */
public interface ChangeLog extends AutoCloseable {

	/**
	 * How many partitions the log has; they are numbered from 0.
	 * @return the count
	 */
	int partitions();

	/**
	 * The partition whose stream holds a service's events.
	 * @param service the service
	 * @return the partition
	 */
	int partitionOf(String service);

	/**
	 * Events of a partition after a position, oldest first.
	 * @param partition the partition
	 * @param position the position to read after
	 * @param count most events to return
	 * @return the events
	 */
	Flux<ChangeEvent> after(int partition, LogPosition position, int count);

	/**
	 * Whether a partition's stream still holds every event after a position, so that a watcher
	 * that stopped there can catch up from the log alone.
	 * @param partition the partition
	 * @param position the last position the watcher had
	 * @return {@code true} when no event after the position was trimmed away
	 */
	Mono<Boolean> holdsAllAfter(int partition, LogPosition position);

	/**
	 * The newest position in a partition's stream.
	 * @param partition the partition
	 * @return the position; {@link LogPosition#START} when the stream is empty
	 */
	Mono<LogPosition> newest(int partition);

	/**
	 * Waits for events of a partition after a position and returns them as soon as there are
	 * some. Uses one dedicated connection per partition, kept between calls, because the wait
	 * blocks it.
	 * @param partition the partition
	 * @param position the position to read after
	 * @param timeout longest wait
	 * @param count most events to return
	 * @return the events; none when the wait timed out
	 */
	Flux<ChangeEvent> await(int partition, LogPosition position, Duration timeout, int count);

	/**
	 * The identity of the data a partition's Redis holds, set once when absent: another answer
	 * than before means Redis lost its data meanwhile (a restart without persistence, a failover
	 * to a replica that lacked it, a flush), and with it events no watcher will ever receive.
	 * @param partition the partition
	 * @return the current identity
	 */
	Mono<String> epoch(int partition);

	/**
	 * Closes the connections that {@link #await} holds, ending waits in progress, and returns
	 * once they are closed. The next {@code await} opens new ones.
	 */
	@Override
	void close();

}

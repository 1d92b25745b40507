package dev.beacon.registry.feed;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.ChangeLog;
import dev.beacon.registry.store.ChangeObserver;
import dev.beacon.registry.store.LogPosition;

/**
 * Follows the change log with one blocking read at a time per partition, whatever the number
 * of watchers, and fans every event out to this server's watchers. Resumes each partition from
 * its last position after a Redis outage, so a watcher never misses an event that the log still
 * holds. Tells an observer of every event first, and when it starts and stops following the
 * whole log.
 */
public final class ChangeFeed implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

	private static final Log logger = LogFactory.getLog(ChangeFeed.class);

	private static final Duration POLL_TIMEOUT = Duration.ofSeconds(2);

	private static final int BATCH = 1000;

	private final ChangeLog changeLog;

	private final int bufferSize;

	private final Duration retryDelay;

	private final RegistryMetrics metrics;

	private final ChangeObserver observer;

	private final Scheduler dispatcher;

	private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();

	private final @Nullable Deliveries deliveries;

	private final AtomicBoolean failing = new AtomicBoolean();

	/** Partitions whose stream the feed follows now; it follows the log once it follows them all. */
	private final Set<Integer> followed = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean following = new AtomicBoolean();

	private final AtomicReferenceArray<@Nullable LogPosition> positions;

	/** The identity of each partition's data the feed follows; {@code null} before the first read. */
	private final AtomicReferenceArray<@Nullable String> epochs;

	private volatile @Nullable Disposable loop;

	private volatile boolean closing;

	/**
	 * @param changeLog the log to follow
	 * @param bufferSize events buffered for one watcher before it is ended as too slow
	 * @param retryDelay time between two attempts to read the log while it cannot be read
	 * @param metrics where deliveries are counted
	 * @param observer told of every event before the watchers, and of following and losing the log
	 * @param dispatcher a single thread on which events are handed to watchers, one after the
	 * other, and the retry delay is timed
	 */
	public ChangeFeed(ChangeLog changeLog, int bufferSize, Duration retryDelay, RegistryMetrics metrics,
			ChangeObserver observer, Scheduler dispatcher, @Nullable Deliveries deliveries) {
		this.changeLog = changeLog;
		this.bufferSize = bufferSize;
		this.retryDelay = retryDelay;
		this.metrics = metrics;
		this.observer = observer;
		this.dispatcher = dispatcher;
		this.deliveries = deliveries;
		if (deliveries != null) {
			deliveries.watch(this.watchers);
		}
		this.positions = new AtomicReferenceArray<>(changeLog.partitions());
		this.epochs = new AtomicReferenceArray<>(changeLog.partitions());
	}

	/**
	 * Opens a watcher for the live events of some services. Open it before reading a snapshot
	 * or a backlog, so that nothing written meanwhile is missed.
	 * @param services which services the watcher wants
	 * @return the watcher; close it when done
	 */
	public Watcher open(Predicate<String> services) {
		Runnable onTooSlow = (this.deliveries != null) ? this.deliveries::watcherCut : () -> {
		};
		Watcher watcher = new Watcher(services, this.bufferSize, this.watchers::remove, onTooSlow,
				this.changeLog.partitions());
		this.watchers.add(watcher);
		if (this.closing) {
			watcher.end();
		}
		return watcher;
	}

	public int watcherCount() {
		return this.watchers.size();
	}

	/**
	 * Reads on Redis's connection thread and hands each event to watchers on the dispatcher's
	 * thread: with thousands of watchers one event takes a good part of a second to hand out, and
	 * on the connection's thread it would hold every other Redis reply of this server (leases,
	 * reads, writes) that long, until commands time out. Reading waits while a few hundred
	 * events are still to be handed out. The observer hears of each event on the connection's
	 * thread, as soon as it is read.
	 */
	@Override
	public void start() {
		this.loop = Flux.range(0, this.changeLog.partitions())
			.flatMap(this::follow, this.changeLog.partitions())
			.publishOn(this.dispatcher)
			.subscribe(this::dispatch);
	}

	/**
	 * Reads a partition's change log on and on. The epoch is checked after each read, before its
	 * events go anywhere: a read that spans a restart of Redis (Lettuce sends it again on the
	 * new connection) returns events of the new data, and a watcher handed one before its stream
	 * ends would resume from it and never get the fresh snapshot that tells it what was lost.
	 */
	private Flux<FeedItem> follow(int partition) {
		return Mono.defer(() -> startPosition(partition))
			.flatMapMany((from) -> this.changeLog.await(partition, from, POLL_TIMEOUT, BATCH)
				.collectList()
				.flatMapMany((batch) -> checkEpoch(partition)
					.flatMapMany((lost) -> Flux.concat(lost ? Flux.just(FeedItem.DATA_LOST) : Flux.empty(),
							Flux.fromIterable(batch).map(FeedItem::new)))))
			.doOnNext((item) -> {
				ChangeEvent event = item.event();
				if (event != null) {
					this.positions.set(partition, event.position());
					this.observer.changed(event);
				}
			})
			.doOnComplete(() -> reachable(partition))
			.repeat()
			.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, this.retryDelay)
				.scheduler(this.dispatcher)
				.doBeforeRetry((signal) -> unreachable(partition, signal)));
	}

	/**
	 * The position to read a partition on from: its last event's, or its newest one's when
	 * there is none. Every change of the partition after it will be read; once that holds for
	 * every partition the observer is told that the feed follows.
	 */
	private Mono<LogPosition> startPosition(int partition) {
		LogPosition current = this.positions.get(partition);
		Mono<LogPosition> start = (current != null) ? Mono.just(current)
				: this.changeLog.newest(partition).doOnNext((newest) -> {
					this.positions.set(partition, newest);
					if (this.deliveries != null) {
						// no watcher can be owed anything from before the feed followed the log
						this.deliveries.dispatched(partition, newest);
					}
				});
		return start.doOnNext((position) -> {
			if (this.followed.add(partition) && this.followed.size() == this.changeLog.partitions()
					&& this.following.compareAndSet(false, true)) {
				this.observer.following();
			}
		});
	}

	/**
	 * Redis lost its data since the last read: events were lost with it (a watcher would never
	 * hear that the instances it knew are gone), so every watch stream ends, and each watcher's
	 * resume finds its position older than the log and gets a fresh snapshot. Checked after
	 * each read of the log, which is at least every two seconds.
	 * @return whether the epoch changed since the last check
	 */
	private Mono<Boolean> checkEpoch(int partition) {
		return this.changeLog.epoch(partition).map((current) -> {
			String known = this.epochs.getAndSet(partition, current);
			if (known == null || known.equals(current)) {
				return false;
			}
			logger.warn("Redis lost the data of partition " + partition + " (its epoch changed): every watch "
					+ "stream of this server ends, and its watchers resume with a fresh snapshot");
			this.observer.lost();
			this.observer.following();
			return true;
		}).defaultIfEmpty(false);
	}

	/** On the dispatcher's thread, in the order read: streams end before any event of the new data. */
	private void dispatch(FeedItem item) {
		ChangeEvent event = item.event();
		if (event == null) {
			this.watchers.forEach(Watcher::end);
			return;
		}
		dispatch(event);
	}

	private void dispatch(ChangeEvent event) {
		int delivered = 0;
		for (Watcher watcher : this.watchers) {
			if (watcher.offer(event)) {
				delivered++;
			}
		}
		this.metrics.eventsFannedOut(delivered);
		if (this.deliveries != null) {
			this.deliveries.dispatched(event.partition(), event.position());
		}
	}

	private void reachable(int partition) {
		if (this.followed.size() == this.changeLog.partitions() && this.failing.compareAndSet(true, false)) {
			logger.info("Change feed reconnected to Redis; following every partition's change log again");
		}
	}

	private void unreachable(int partition, Retry.RetrySignal signal) {
		this.followed.remove(partition);
		if (this.following.compareAndSet(true, false)) {
			this.observer.lost();
		}
		if (this.failing.compareAndSet(false, true)) {
			logger.warn("Change feed cannot read the change log from Redis (partition " + partition + ": "
					+ signal.failure().getMessage() + "); retrying every " + this.retryDelay.toMillis() + " ms");
		}
	}

	@Override
	public void stop() {
		if (this.following.compareAndSet(true, false)) {
			this.observer.lost();
		}
		Disposable current = this.loop;
		if (current != null) {
			current.dispose();
			this.loop = null;
		}
		this.changeLog.close();
		this.watchers.forEach(Watcher::end);
		this.watchers.clear();
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

	/**
	 * Ends every watch stream as soon as the context starts closing, before the web server's
	 * graceful shutdown, so that their clients reconnect to another registry server instead of
	 * holding the shutdown until its timeout.
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.closing = true;
		this.watchers.forEach(Watcher::end);
	}

	/**
	 * Starts before the web server takes requests, so that no watcher connects to a feed that
	 * is not running yet, and stops after it. Stops before the Redis connection factory
	 * (phase 0), whose stop shuts the Redis client down: the feed's connection is closed by
	 * then, and no read is left to fail and be retried on a stopped factory.
	 */
	@Override
	public int getPhase() {
		return 1;
	}

	/**
	 * What the feed hands to the dispatcher: an event, or word that Redis lost a partition's data.
	 *
	 * @param event the event; {@code null} for the loss
	 */
	private record FeedItem(@Nullable ChangeEvent event) {

		static final FeedItem DATA_LOST = new FeedItem(null);

	}

}

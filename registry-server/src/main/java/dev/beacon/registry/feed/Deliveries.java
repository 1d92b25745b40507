package dev.beacon.registry.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

import org.springframework.context.SmartLifecycle;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.DeliveryPositions;
import dev.beacon.registry.store.DeliveryPositions.Progress;
import dev.beacon.registry.store.LogPosition;

/**
 * How far this server has delivered each partition's changes to its watchers, published in
 * Redis for every server to read ({@link DeliveryPositions}). A partition is delivered up to the
 * last event the feed handed out once no watcher that was handed an event of it since the last
 * published position still holds events it has not taken; while some watcher does, the
 * published position stands still. A watcher that stops reading therefore holds it until the
 * watcher is cut for being too slow or goes away. The watchers are looked at after events were
 * handed out, at most once per {@link #CHECK_INTERVAL} and on the feed's dispatcher thread, so
 * that handing an event to a watcher costs nothing more. Each entry also tells how many
 * watchers hold the partition back, and how many watchers this server cut for reading too slowly,
 * so that a confirmation can say who it did not reach. The entries are written again every
 * second, so that a server that died is known by its silence.
 */
public final class Deliveries implements SmartLifecycle {

	/** How often every entry is written again, whatever happens. */
	static final Duration REFRESH = Duration.ofSeconds(1);

	/** The least time between two looks at the watchers. */
	static final Duration CHECK_INTERVAL = Duration.ofMillis(5);

	private final String server = UUID.randomUUID().toString();

	private final DeliveryPositions positions;

	private final Clock clock;

	private final RegistryMetrics metrics;

	private final Scheduler dispatcher;

	private final AtomicReferenceArray<@Nullable LogPosition> dispatched;

	private final AtomicReferenceArray<LogPosition> published;

	/** Watchers that hold events of each partition after its published position, at the last look. */
	private final AtomicIntegerArray holding;

	/** Watchers cut for reading too slowly since this server started. */
	private final AtomicLong cut = new AtomicLong();

	/** What was last published of each partition's holders and of the cuts; dispatcher thread only. */
	private final int[] publishedHolding;

	private final long[] publishedCut;

	private final AtomicBoolean[] writing;

	private final AtomicBoolean[] writeAgain;

	private final AtomicBoolean checkPending = new AtomicBoolean();

	private volatile long lastCheck;

	private volatile Collection<Watcher> watchers = List.of();

	private volatile @Nullable Disposable refresh;

	/**
	 * @param positions where the positions are published
	 * @param partitions how many partitions the change log has
	 * @param clock the time written with each entry
	 * @param dispatcher the feed's dispatcher: the single thread that hands events to watchers,
	 * on which the watchers are looked at and the refresh is timed
	 * @param metrics where the time each change took to reach every watcher is recorded
	 */
	public Deliveries(DeliveryPositions positions, int partitions, Clock clock, Scheduler dispatcher,
			RegistryMetrics metrics) {
		this.positions = positions;
		this.metrics = metrics;
		this.clock = clock;
		this.dispatcher = dispatcher;
		this.writing = new AtomicBoolean[partitions];
		this.writeAgain = new AtomicBoolean[partitions];
		for (int i = 0; i < partitions; i++) {
			this.writing[i] = new AtomicBoolean();
			this.writeAgain[i] = new AtomicBoolean();
		}
		this.holding = new AtomicIntegerArray(partitions);
		this.publishedHolding = new int[partitions];
		this.publishedCut = new long[partitions];
		this.dispatched = new AtomicReferenceArray<>(partitions);
		this.published = new AtomicReferenceArray<>(partitions);
		for (int i = 0; i < partitions; i++) {
			this.published.set(i, LogPosition.START);
		}
	}

	public String server() {
		return this.server;
	}

	int partitions() {
		return this.published.length();
	}

	void watch(Collection<Watcher> watchers) {
		this.watchers = watchers;
	}

	/** The feed handed every watcher the partition's events up to a position. */
	void dispatched(int partition, LogPosition position) {
		this.dispatched.set(partition, position);
		requestCheck();
	}

	/** A watcher was cut for reading too slowly: it is reported, and no longer waited for. */
	void watcherCut() {
		this.cut.incrementAndGet();
		requestCheck();
	}

	private void requestCheck() {
		if (this.checkPending.compareAndSet(false, true)) {
			long wait = Math.max(0, this.lastCheck + CHECK_INTERVAL.toMillis() - this.clock.millis());
			this.dispatcher.schedule(this::check, wait, TimeUnit.MILLISECONDS);
		}
	}

	/** Runs on the dispatcher's thread, between two events handed out. */
	private void check() {
		this.checkPending.set(false);
		this.lastCheck = this.clock.millis();
		long cutSoFar = this.cut.get();
		boolean behind = false;
		for (int partition = 0; partition < partitions(); partition++) {
			LogPosition handedOut = this.dispatched.get(partition);
			LogPosition known = this.published.get(partition);
			int holders = 0;
			if (handedOut != null && handedOut.isAfter(known)) {
				holders = holding(partition, known);
				if (holders == 0) {
					this.published.set(partition, handedOut);
					this.metrics.fannedOut(Duration.ofMillis(Math.max(0, this.lastCheck - handedOut.millis())));
				}
				else {
					behind = true;
				}
			}
			this.holding.set(partition, holders);
			if (this.published.get(partition) != known || holders != this.publishedHolding[partition]
					|| cutSoFar != this.publishedCut[partition]) {
				this.publishedHolding[partition] = holders;
				this.publishedCut[partition] = cutSoFar;
				publish(partition);
			}
		}
		if (behind) {
			requestCheck();
		}
	}

	private int holding(int partition, LogPosition known) {
		int holders = 0;
		for (Watcher watcher : this.watchers) {
			if (watcher.mayHold(partition, known)) {
				holders++;
			}
		}
		return holders;
	}

	/** One write at a time per partition; a change meanwhile is written right after it. */
	private void publish(int partition) {
		if (!this.writing[partition].compareAndSet(false, true)) {
			this.writeAgain[partition].set(true);
			return;
		}
		Progress progress = new Progress(this.published.get(partition), this.watchers.size(),
				this.holding.get(partition), this.cut.get());
		this.positions.record(partition, this.server, progress, this.clock.millis())
			.onErrorComplete()
			.doFinally((signal) -> {
				this.writing[partition].set(false);
				if (this.writeAgain[partition].getAndSet(false)) {
					publish(partition);
				}
			})
			.subscribe();
	}

	@Override
	public void start() {
		this.refresh = Flux.interval(Duration.ZERO, REFRESH, this.dispatcher)
			.subscribe((tick) -> {
				for (int partition = 0; partition < partitions(); partition++) {
					publish(partition);
				}
			});
	}

	@Override
	public void stop() {
		Disposable current = this.refresh;
		if (current != null) {
			current.dispose();
			this.refresh = null;
		}
		this.positions.withdraw(this.server).onErrorComplete().block(Duration.ofSeconds(2));
	}

	@Override
	public boolean isRunning() {
		return this.refresh != null;
	}

	/** Stops with the change feed, before the Redis connection factory. */
	@Override
	public int getPhase() {
		return 1;
	}

}

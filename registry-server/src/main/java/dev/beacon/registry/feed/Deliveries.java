package dev.beacon.registry.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

import org.springframework.context.SmartLifecycle;

import dev.beacon.registry.store.DeliveryPositions;
import dev.beacon.registry.store.LogPosition;

/**
 * How far this server has delivered each partition's changes to its watchers, published in
 * Redis for every server to read ({@link DeliveryPositions}). A partition is delivered up to the
 * last event the feed handed out as soon as no watcher holds an event of it that it has not yet
 * taken; while some watcher does, the published position stands still. A watcher that stops
 * reading therefore holds it until the watcher is cut for being too slow or goes away. The
 * entries are written again every second, so that a server that died is known by its silence.
 */
public final class Deliveries implements SmartLifecycle {

	/** How often every entry is written again, whatever happens. */
	static final Duration REFRESH = Duration.ofSeconds(1);

	private final String server = UUID.randomUUID().toString();

	private final DeliveryPositions positions;

	private final Clock clock;

	private final Scheduler scheduler;

	private final AtomicInteger[] behind;

	private final AtomicReferenceArray<@Nullable LogPosition> dispatched;

	private final AtomicReferenceArray<LogPosition> published;

	private final AtomicBoolean[] writing;

	private final AtomicBoolean[] writeAgain;

	private volatile IntSupplier watchers = () -> 0;

	private volatile @Nullable Disposable refresh;

	/**
	 * @param positions where the positions are published
	 * @param partitions how many partitions the change log has
	 * @param clock the time written with each entry
	 * @param scheduler times the refresh
	 */
	public Deliveries(DeliveryPositions positions, int partitions, Clock clock, Scheduler scheduler) {
		this.positions = positions;
		this.clock = clock;
		this.scheduler = scheduler;
		this.behind = new AtomicInteger[partitions];
		this.writing = new AtomicBoolean[partitions];
		this.writeAgain = new AtomicBoolean[partitions];
		for (int i = 0; i < partitions; i++) {
			this.behind[i] = new AtomicInteger();
			this.writing[i] = new AtomicBoolean();
			this.writeAgain[i] = new AtomicBoolean();
		}
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
		return this.behind.length;
	}

	void countWatchersWith(IntSupplier watchers) {
		this.watchers = watchers;
	}

	/** The feed handed every watcher the partition's events up to a position. */
	void dispatched(int partition, LogPosition position) {
		this.dispatched.set(partition, position);
		if (this.behind[partition].get() == 0) {
			publish(partition);
		}
	}

	/** A watcher holds an event of the partition it has not taken yet, and held none before. */
	void fellBehind(int partition) {
		this.behind[partition].incrementAndGet();
	}

	/** A watcher took the last event of the partition it held, or went away holding some. */
	void caughtUp(int partition) {
		if (this.behind[partition].decrementAndGet() == 0) {
			publish(partition);
		}
	}

	/** One write at a time per partition; a change meanwhile is written right after it. */
	private void publish(int partition) {
		if (!this.writing[partition].compareAndSet(false, true)) {
			this.writeAgain[partition].set(true);
			return;
		}
		LogPosition handedOut = this.dispatched.get(partition);
		LogPosition position = (handedOut != null && this.behind[partition].get() == 0) ? handedOut
				: this.published.get(partition);
		this.published.set(partition, position);
		this.positions.record(partition, this.server, position, this.watchers.getAsInt(), this.clock.millis())
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
		this.refresh = Flux.interval(Duration.ZERO, REFRESH, this.scheduler)
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

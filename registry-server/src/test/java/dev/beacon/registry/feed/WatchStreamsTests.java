package dev.beacon.registry.feed;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

import dev.beacon.client.Instance;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.ChangeObserver;
import dev.beacon.registry.store.LogCursor;
import dev.beacon.registry.store.LogItem;
import dev.beacon.registry.store.RedisTestStore;
import dev.beacon.registry.store.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one watcher receives from {@link WatchStreams} on a real Redis: a snapshot or the
 * events it missed, then the live ones, none lost and none twice.
 */
class WatchStreamsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int PAGE = 500;

	private final RedisTestStore redis = RedisTestStore.create();

	private final VirtualTimeScheduler time = VirtualTimeScheduler.create();

	private final AtomicBoolean following = new AtomicBoolean();

	private final ChangeFeed feed = new ChangeFeed(this.redis.changeLog(), 4 * PAGE, Duration.ofSeconds(1),
			new RegistryMetrics(new SimpleMeterRegistry()), new FollowingObserver(), this.time, null);

	private final WatchStreams streams = new WatchStreams(this.feed, this.redis.changeLog(), this.redis.store());

	private final List<Disposable> watching = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startFollowing() {
		this.feed.start();
		await().atMost(TIMEOUT).untilTrue(this.following);
	}

	@AfterEach
	void stop() {
		this.watching.forEach(Disposable::dispose);
		this.feed.stop();
		this.time.dispose();
		this.redis.close();
	}

	@Test
	void newWatcherGetsASnapshotOfItsServicesThenTheLiveEventsAfterIt() {
		this.redis.register("orders", "orders-1");
		this.redis.register("billing", "billing-1");

		List<LogItem> items = watch(Set.of("orders"), null);
		await().atMost(TIMEOUT).until(() -> items.size() == 1);
		this.redis.register("billing", "billing-2");
		this.redis.register("orders", "orders-2");

		await().atMost(TIMEOUT).until(() -> items.size() == 2);
		Snapshot snapshot = (Snapshot) items.get(0);
		assertThat(snapshot.cursor().position(partitionOf("orders")))
			.isEqualTo(this.redis.events("orders").get(0).position());
		assertThat(instanceIds(snapshot)).containsExactly("orders-1");
		assertThat(ids(items.subList(1, 2))).containsExactly("orders-2");
	}

	@Test
	void resumingWatcherGetsTheEventsItMissedThenTheLiveOnes() {
		this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");
		this.redis.register("billing", "billing-1");
		this.redis.register("orders", "orders-3");

		List<LogItem> items = watch(Set.of("orders"), cursorAfter(this.redis.events().get(0)));
		await().atMost(TIMEOUT).until(() -> items.size() == 2);
		this.redis.register("orders", "orders-4");

		await().atMost(TIMEOUT).until(() -> items.size() == 3);
		assertThat(ids(items)).containsExactly("orders-2", "orders-3", "orders-4");
	}

	@Test
	void resumingAfterMoreThanAPageOfEventsGetsThemAll() {
		Flux.range(1, 2 * PAGE + 1)
			.flatMap((i) -> Mono.fromRunnable(() -> this.redis.register("orders", "orders-" + i))
				.subscribeOn(Schedulers.boundedElastic()), 8)
			.blockLast(TIMEOUT);
		List<ChangeEvent> written = this.redis.events();

		List<LogItem> items = watch(Set.of(), cursorAfter(written.get(0)));

		await().atMost(TIMEOUT).until(() -> items.size() == 2 * PAGE);
		assertThat(items).isEqualTo(written.subList(1, written.size()));
	}

	@Test
	void resumingFromAPositionTheLogNoLongerHoldsGetsASnapshot() {
		this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");
		this.redis.register("orders", "orders-3");
		List<ChangeEvent> written = this.redis.events();
		this.redis.redis().opsForStream().trim(this.redis.keys().events(partitionOf("orders")), 1).block(TIMEOUT);

		List<LogItem> items = watch(Set.of("orders"), cursorAfter(written.get(0)));

		await().atMost(TIMEOUT).until(() -> items.size() == 1);
		assertThat(items.get(0)).isInstanceOfSatisfying(Snapshot.class, (snapshot) -> {
			assertThat(snapshot.cursor().position(partitionOf("orders"))).isEqualTo(written.get(2).position());
			assertThat(instanceIds(snapshot)).containsExactlyInAnyOrder("orders-1", "orders-2", "orders-3");
		});
	}

	@Test
	void resumingWhenTheLogIsGoneGetsASnapshot() {
		this.redis.register("orders", "orders-1");
		LogCursor lastSeen = cursorAfter(this.redis.events().get(0));
		this.redis.redis().delete(this.redis.keys().events(partitionOf("orders"))).block(TIMEOUT);

		List<LogItem> items = watch(Set.of("orders"), lastSeen);

		await().atMost(TIMEOUT).until(() -> !items.isEmpty());
		assertThat(items.get(0)).isInstanceOfSatisfying(Snapshot.class,
				(snapshot) -> assertThat(instanceIds(snapshot)).containsExactly("orders-1"));
		// the feed may read the registration only now: after a snapshot from a log that is gone,
		// every event is new, and it repeats what the snapshot holds
		assertThat(items.subList(1, items.size())).allSatisfy((item) -> assertThat(item)
			.isInstanceOfSatisfying(ChangeEvent.class, (event) -> assertThat(event.instance().id()).isEqualTo("orders-1")));
	}

	@Test
	void resumingWhileChangesAreWrittenNeitherLosesNorRepeatsAnEvent() {
		int changes = 100;
		this.redis.register("orders", "orders-0");
		LogCursor lastSeen = cursorAfter(this.redis.events().get(0));
		Disposable writing = Flux.range(1, changes)
			.concatMap((i) -> Mono.fromRunnable(() -> this.redis.register("orders", "orders-" + i)))
			.subscribeOn(Schedulers.boundedElastic())
			.subscribe();
		this.watching.add(writing);

		List<LogItem> items = watch(Set.of("orders"), lastSeen);

		await().atMost(TIMEOUT).until(() -> items.size() >= changes);
		List<ChangeEvent> written = this.redis.events();
		assertThat(items).isEqualTo(written.subList(1, written.size()));
	}

	private List<LogItem> watch(Set<String> services, LogCursor resumeAfter) {
		List<LogItem> items = new CopyOnWriteArrayList<>();
		this.watching.add(this.streams.watch(services, (service) -> true, resumeAfter).map(WatchedItem::item).subscribe(items::add));
		return items;
	}

	/** The cursor of a watcher whose last event was the given one, and that saw no other partition's. */
	private static LogCursor cursorAfter(ChangeEvent event) {
		return LogCursor.start(RedisTestStore.PARTITIONS).with(event.partition(), event.position());
	}

	private int partitionOf(String service) {
		return this.redis.keys().partitionOf(service);
	}

	private static List<String> ids(List<LogItem> items) {
		return items.stream().map((item) -> ((ChangeEvent) item).instance().id()).toList();
	}

	private final class FollowingObserver implements ChangeObserver {

		@Override
		public void following() {
			WatchStreamsTests.this.following.set(true);
		}

		@Override
		public void changed(ChangeEvent event) {
		}

		@Override
		public void lost() {
			WatchStreamsTests.this.following.set(false);
		}

	}

	private static List<String> instanceIds(Snapshot snapshot) {
		return snapshot.services().stream().flatMap((service) -> service.instances().stream()).map(Instance::id).toList();
	}

}

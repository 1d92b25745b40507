package dev.beacon.registry.feed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.ChangeObserver;
import dev.beacon.registry.store.RedisTestStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What watchers and the observer of a {@link ChangeFeed} see as it follows a change log on a
 * real Redis. Events are handed out, and retries timed, on a virtual-time scheduler that the
 * test moves by hand.
 */
class ChangeFeedTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration RETRY = Duration.ofSeconds(1);

	private static final int BUFFER = 16;

	private final RedisTestStore redis = RedisTestStore.create();

	private final VirtualTime time = new VirtualTime();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<String> heard = new CopyOnWriteArrayList<>();

	private final ChangeFeed feed = new ChangeFeed(this.redis.changeLog(), BUFFER, RETRY,
			new RegistryMetrics(this.meters), new Recorder(), this.time, null);

	@AfterEach
	void stop() {
		this.feed.stop();
		this.time.dispose();
		this.redis.close();
	}

	@Test
	void followsFromTheNewestEventAndHandsEachLaterOneInOrderToTheWatchersOfItsService() {
		this.redis.register("orders", "before-start");
		List<ChangeEvent> orders = received(this.feed.open("orders"::equals));
		List<ChangeEvent> all = received(this.feed.open((service) -> true));
		List<ChangeEvent> billing = received(this.feed.open("billing"::equals));
		startFollowing();

		this.redis.register("orders", "orders-1");
		this.redis.register("billing", "billing-1");
		this.redis.register("orders", "orders-2");

		await().atMost(TIMEOUT).until(() -> all.size() == 3);
		// in order within each service; services of different partitions may come in either order
		assertThat(all).containsExactlyInAnyOrderElementsOf(this.redis.events().subList(1, 4));
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(ids(orders)).containsExactly("orders-1", "orders-2");
			assertThat(ids(billing)).containsExactly("billing-1");
		});
		await().atMost(TIMEOUT).until(() -> fannedOut() == 6);
	}

	@Test
	void observerHearsOfEachEventBeforeAnyWatcher() {
		this.feed.open((service) -> true).events().subscribe((event) -> this.heard.add("delivered " + id(event)));
		startFollowing();

		this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");

		await().atMost(TIMEOUT).until(() -> this.heard.size() == 5);
		assertThat(this.heard).containsExactly("following", "changed orders-1", "delivered orders-1",
				"changed orders-2", "delivered orders-2");
	}

	@Test
	void watcherThatReadsTooSlowlyIsEndedWithoutHoldingUpTheOthers() {
		Watcher slow = this.feed.open((service) -> true);
		List<ChangeEvent> keepingUp = received(this.feed.open((service) -> true));
		startFollowing();

		StepVerifier.create(slow.events(), 0)
			.then(() -> registerMoreThanABufferAndAwait(keepingUp))
			.thenRequest(Long.MAX_VALUE)
			.expectNextCount(BUFFER)
			.expectError(WatcherTooSlowException.class)
			.verify(TIMEOUT);
		assertThat(this.feed.watcherCount()).isOne();
		await().atMost(TIMEOUT).until(() -> fannedOut() == BUFFER + 4 + BUFFER);
	}

	/** As a watch stream's watcher is while its snapshot is read and sent. */
	@Test
	void watcherNotReadYetIsEndedOnceItsBufferIsFull() {
		Watcher notReadYet = this.feed.open((service) -> true);
		List<ChangeEvent> keepingUp = received(this.feed.open((service) -> true));
		startFollowing();

		registerMoreThanABufferAndAwait(keepingUp);

		assertThat(this.feed.watcherCount()).isOne();
		StepVerifier.create(notReadYet.events())
			.expectNextCount(BUFFER)
			.expectError(WatcherTooSlowException.class)
			.verify(TIMEOUT);
	}

	private void registerMoreThanABufferAndAwait(List<ChangeEvent> keepingUp) {
		for (int i = 1; i <= BUFFER + 4; i++) {
			this.redis.register("orders", "orders-" + i);
		}
		await().atMost(TIMEOUT).until(() -> keepingUp.size() == BUFFER + 4);
	}

	@Test
	void afterTheLogCouldNotBeReadFollowsAgainFromItsLastEventOnceTheRetryIntervalPassed() {
		List<ChangeEvent> events = received(this.feed.open((service) -> true));
		startFollowing();
		this.redis.register("orders", "orders-1");
		await().atMost(TIMEOUT).until(() -> events.size() == 1);

		this.redis.failBlockedReads();
		await().atMost(TIMEOUT).until(() -> this.time.delays.get() == RedisTestStore.PARTITIONS);
		assertThat(this.heard).last().isEqualTo("lost");
		this.redis.register("orders", "orders-2");
		this.redis.register("orders", "orders-3");
		this.time.clock.advanceTimeBy(RETRY.minusMillis(1));
		assertThat(this.heard).last().isEqualTo("lost");
		this.time.clock.advanceTimeBy(Duration.ofMillis(1));

		await().atMost(TIMEOUT).until(() -> events.size() == 3);
		assertThat(ids(events)).containsExactly("orders-1", "orders-2", "orders-3");
		await().atMost(TIMEOUT).until(() -> this.heard.size() == 6);
		assertThat(this.heard.subList(0, 3)).containsExactly("following", "changed orders-1", "lost");
		// the partitions follow again each on its own: one may read its events before the last one is back
		assertThat(this.heard.subList(3, 6)).containsExactlyInAnyOrder("following", "changed orders-2",
				"changed orders-3");
		assertThat(this.heard.indexOf("changed orders-2")).isLessThan(this.heard.indexOf("changed orders-3"));
	}

	@Test
	void stopEndsEveryWatcherAndTellsTheObserverTheLogIsNoLongerFollowed() {
		Watcher watcher = this.feed.open((service) -> true);
		startFollowing();

		this.feed.stop();

		StepVerifier.create(watcher.events()).verifyComplete();
		assertThat(this.feed.watcherCount()).isZero();
		assertThat(this.feed.isRunning()).isFalse();
		assertThat(this.heard).containsExactly("following", "lost");
	}

	@Test
	void closingContextEndsWatchersAtOnceAndThoseOpenedAfterwards() {
		Watcher before = this.feed.open((service) -> true);

		this.feed.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));

		StepVerifier.create(before.events()).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.feed.open((service) -> true).events()).expectComplete().verify(TIMEOUT);
	}

	/** Counted once an event was offered to every watcher: just after the last one has it. */
	private double fannedOut() {
		return this.meters.get("beacon.registry.events.fanned.out").counter().count();
	}

	private void startFollowing() {
		this.feed.start();
		await().atMost(TIMEOUT).until(() -> this.heard.contains("following"));
	}

	private static List<ChangeEvent> received(Watcher watcher) {
		List<ChangeEvent> received = new CopyOnWriteArrayList<>();
		watcher.events().subscribe(received::add);
		return received;
	}

	private static List<String> ids(List<ChangeEvent> events) {
		return events.stream().map(ChangeFeedTests::id).toList();
	}

	private static String id(ChangeEvent event) {
		return event.instance().id();
	}

	/**
	 * A virtual-time scheduler that counts the delays it was given, so that the test moves
	 * the clock only once the retry is waiting on it.
	 */
	private static final class VirtualTime implements Scheduler {

		private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();

		private final AtomicInteger delays = new AtomicInteger();

		@Override
		public Disposable schedule(Runnable task) {
			return this.clock.schedule(task);
		}

		@Override
		public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
			Disposable scheduled = this.clock.schedule(task, delay, unit);
			this.delays.incrementAndGet();
			return scheduled;
		}

		@Override
		public Worker createWorker() {
			return this.clock.createWorker();
		}

		@Override
		public void dispose() {
			this.clock.dispose();
		}

	}

	private final class Recorder implements ChangeObserver {

		@Override
		public void following() {
			ChangeFeedTests.this.heard.add("following");
		}

		@Override
		public void changed(ChangeEvent event) {
			ChangeFeedTests.this.heard.add("changed " + id(event));
		}

		@Override
		public void lost() {
			ChangeFeedTests.this.heard.add("lost");
		}

	}

}

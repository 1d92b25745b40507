package dev.beacon.registry.store;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.beacon.client.ChangeType;
import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * What {@link RedisChangeLog} reads from the change log on a real Redis: the events in order,
 * with what changed, from any position, and a wait that answers as soon as an event follows.
 */
class RedisChangeLogTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration LONG_WAIT = Duration.ofSeconds(30);

	private final RedisTestStore redis = RedisTestStore.create();

	private final RedisChangeLog log = this.redis.changeLog();

	private final int orders = this.redis.keys().partitionOf("orders");

	@AfterEach
	void close() {
		this.log.close();
		this.redis.close();
	}

	@Test
	void emptyLogStartsAtTheStartAndHoldsEverythingAfterIt() {
		assertThat(this.log.newest(this.orders).block(TIMEOUT)).isEqualTo(LogPosition.START);
		assertThat(this.log.after(this.orders, LogPosition.START, 10).collectList().block(TIMEOUT)).isEmpty();
		assertThat(this.log.holdsAllAfter(this.orders, LogPosition.START).block(TIMEOUT)).isTrue();
		assertThat(this.log.holdsAllAfter(this.orders, new LogPosition(1, 0)).block(TIMEOUT))
			.as("a position of a stream Redis no longer holds").isFalse();
	}

	@Test
	void aTrimmedLogNoLongerHoldsWhatCameBeforeItsOldestEvent() {
		this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");
		this.redis.register("orders", "orders-3");
		List<ChangeEvent> all = this.redis.events("orders");
		assertThat(this.log.holdsAllAfter(this.orders, LogPosition.START).block(TIMEOUT)).isTrue();

		this.redis.redis().opsForStream().trim(this.redis.keys().events(this.orders), 2).block(TIMEOUT);

		assertThat(this.log.holdsAllAfter(this.orders, LogPosition.START).block(TIMEOUT)).isFalse();
		assertThat(this.log.holdsAllAfter(this.orders, all.get(0).position()).block(TIMEOUT)).isFalse();
		assertThat(this.log.holdsAllAfter(this.orders, all.get(1).position()).block(TIMEOUT)).isTrue();
		assertThat(this.log.holdsAllAfter(this.orders, all.get(2).position()).block(TIMEOUT)).isTrue();
	}

	@Test
	void eachServiceIsInOnePartitionAndThePartitionsSpreadTheServices() {
		this.redis.register("orders", "orders-1");
		this.redis.register("payments", "payments-1");

		assertThat(this.log.after(this.orders, LogPosition.START, 10).collectList().block(TIMEOUT))
			.allSatisfy((event) -> assertThat(event.partition()).isEqualTo(this.orders))
			.extracting(ChangeEvent::service)
			.containsOnly("orders");
		assertThat(IntStream.range(0, 1000)
			.mapToObj((i) -> this.redis.keys().partitionOf("service-" + i))
			.distinct()).hasSize(RedisTestStore.PARTITIONS);
	}

	@Test
	void eventsComeOldestFirstWithTheServicesRevisionAndTheInstance() {
		Instance first = this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");
		this.redis.store().changeStatus("orders", "orders-2", InstanceStatus.DOWN).block(TIMEOUT);
		this.redis.store().deregister("orders", "orders-1").block(TIMEOUT);

		List<ChangeEvent> events = this.log.after(this.orders, LogPosition.START, 10).collectList().block(TIMEOUT);

		assertThat(events).extracting(ChangeEvent::type, ChangeEvent::revision, (event) -> event.instance().id(),
				(event) -> event.instance().status())
			.containsExactly(tuple(ChangeType.REGISTER, 1L, "orders-1", InstanceStatus.UP),
					tuple(ChangeType.REGISTER, 2L, "orders-2", InstanceStatus.UP),
					tuple(ChangeType.STATUS, 3L, "orders-2", InstanceStatus.DOWN),
					tuple(ChangeType.DEREGISTER, 4L, "orders-1", InstanceStatus.UP));
		assertThat(events).extracting(ChangeEvent::position).isSorted().doesNotHaveDuplicates();
		assertThat(events.get(3).instance()).as("a removal carries the instance as it stood").isEqualTo(first);
		assertThat(this.log.newest(this.orders).block(TIMEOUT)).isEqualTo(events.get(3).position());
	}

	@Test
	void afterAPositionGivesAtMostCountEventsThatFollowIt() {
		this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");
		this.redis.register("orders", "orders-3");
		List<ChangeEvent> all = this.redis.events();

		assertThat(ids(this.log.after(this.orders, all.get(0).position(), 1).collectList().block(TIMEOUT)))
			.containsExactly("orders-2");
		assertThat(ids(this.log.after(this.orders, all.get(0).position(), 10).collectList().block(TIMEOUT)))
			.containsExactly("orders-2", "orders-3");
		assertThat(this.log.after(this.orders, all.get(2).position(), 10).collectList().block(TIMEOUT)).isEmpty();
	}

	@Test
	void awaitAnswersAsSoonAsAnEventFollowsThePosition() {
		LogPosition newest = this.log.newest(this.orders).block(TIMEOUT);
		CompletableFuture<List<ChangeEvent>> waiting = this.log.await(this.orders, newest, LONG_WAIT, 10).collectList().toFuture();

		this.redis.register("orders", "orders-1");

		assertThat(waiting).succeedsWithin(TIMEOUT)
			.satisfies((events) -> assertThat(ids(events)).containsExactly("orders-1"));
	}

	@Test
	void awaitGivesEventsAlreadyWrittenAfterThePositionAtOnceAtMostCount() {
		this.redis.register("orders", "orders-1");
		this.redis.register("orders", "orders-2");

		assertThat(ids(this.log.await(this.orders, LogPosition.START, LONG_WAIT, 1).collectList().block(TIMEOUT)))
			.containsExactly("orders-1");
	}

	@Test
	void awaitEndsWithoutEventsWhenNoneFollowsWithinTheTimeout() {
		LogPosition newest = this.log.newest(this.orders).block(TIMEOUT);

		assertThat(this.log.await(this.orders, newest, Duration.ofMillis(50), 10).collectList().block(TIMEOUT)).isEmpty();
	}

	@Test
	void closeEndsAWaitInProgressAndTheNextWaitOpensAConnectionAgain() {
		LogPosition newest = this.log.newest(this.orders).block(TIMEOUT);
		CompletableFuture<List<ChangeEvent>> waiting = this.log.await(this.orders, newest, LONG_WAIT, 10).collectList().toFuture();

		this.log.close();

		await().atMost(TIMEOUT).until(waiting::isDone);
		this.redis.register("orders", "orders-1");
		assertThat(ids(this.log.await(this.orders, newest, LONG_WAIT, 10).collectList().block(TIMEOUT)))
			.containsExactly("orders-1");
	}

	private static List<String> ids(List<ChangeEvent> events) {
		return events.stream().map((event) -> event.instance().id()).toList();
	}

}

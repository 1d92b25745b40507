package dev.beacon.registry.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import dev.beacon.registry.store.HeartbeatBatcher.Heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatBatcherTests {

	private final List<List<Heartbeat>> writes = new CopyOnWriteArrayList<>();

	private final List<Sinks.One<List<String>>> replies = new CopyOnWriteArrayList<>();

	private final HeartbeatBatcher batcher = new HeartbeatBatcher((batch) -> {
		this.writes.add(batch);
		Sinks.One<List<String>> reply = Sinks.one();
		this.replies.add(reply);
		return reply.asMono();
	});

	@Test
	void heartbeatOnAnIdleBatcherIsWrittenAtOnceAlone() {
		List<String> answers = new ArrayList<>();
		this.batcher.submit(beat("a")).subscribe(answers::add);

		assertThat(this.writes).containsExactly(List.of(beat("a")));
		this.replies.get(0).tryEmitValue(List.of("renewed"));
		assertThat(answers).containsExactly("renewed");
	}

	@Test
	void heartbeatsArrivingDuringAWriteGoOutTogetherWhenItEnds() {
		List<String> answers = new CopyOnWriteArrayList<>();
		this.batcher.submit(beat("a")).subscribe(answers::add);
		this.batcher.submit(beat("b")).subscribe(answers::add);
		this.batcher.submit(beat("c")).subscribe(answers::add);
		assertThat(this.writes).hasSize(1);
		assertThat(answers).isEmpty();

		this.replies.get(0).tryEmitValue(List.of("renewed"));

		assertThat(this.writes).containsExactly(List.of(beat("a")), List.of(beat("b"), beat("c")));
		assertThat(answers).containsExactly("renewed");
		this.replies.get(1).tryEmitValue(List.of("unknown", "changed 4 1-0"));
		assertThat(answers).containsExactly("renewed", "unknown", "changed 4 1-0");
	}

	@Test
	void oneWriteTakesAtMostTheBatchLimit() {
		this.batcher.submit(beat("first")).subscribe();
		for (int i = 0; i < HeartbeatBatcher.MAX_BATCH + 1; i++) {
			this.batcher.submit(beat("i" + i)).subscribe();
		}
		this.replies.get(0).tryEmitValue(List.of("renewed"));
		this.replies.get(1).tryEmitValue(Collections.nCopies(HeartbeatBatcher.MAX_BATCH, "renewed"));

		assertThat(this.writes).extracting(List::size).containsExactly(1, HeartbeatBatcher.MAX_BATCH, 1);
	}

	@Test
	void failedWriteFailsEveryHeartbeatOfItsBatchAndTheNextBatchStillGoesOut() {
		this.batcher.submit(beat("a")).subscribe();
		Mono<String> b = this.batcher.submit(beat("b"));
		Mono<String> c = this.batcher.submit(beat("c"));
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		b.subscribe(null, failures::add);
		this.replies.get(0).tryEmitValue(List.of("renewed"));
		c.subscribe(null, failures::add);

		this.replies.get(1).tryEmitError(new IllegalStateException("Redis went away"));

		assertThat(failures).hasSize(1).allSatisfy((ex) -> assertThat(ex).hasMessage("Redis went away"));
		assertThat(this.writes).hasSize(3);
		this.replies.get(2).tryEmitValue(List.of("renewed"));
	}

	@Test
	void replyCountThatDoesNotMatchFailsTheBatchInsteadOfMisattributingReplies() {
		Mono<String> a = this.batcher.submit(beat("a"));
		StepVerifier.create(a)
			.then(() -> this.replies.get(0).tryEmitValue(List.of("renewed", "renewed")))
			.expectErrorMessage("Batch of 1 heartbeats got 2 replies")
			.verify();
	}

	private static Heartbeat beat(String id) {
		return new Heartbeat("svc", id, "");
	}

}

package dev.beacon.registry.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Coalesces heartbeats into batched writes. A heartbeat that arrives while no batch is being
 * written goes out at once, alone; those that arrive during a write wait for it to end and
 * then go out together, in one Redis call. So an idle registry adds no delay, and a busy one
 * pays one round trip for many leases instead of one each. A heartbeat is answered only once
 * its batch is written: an acknowledged lease is never lost.
 */
final class HeartbeatBatcher {

	/**
	 * Bounds one script's run, during which Redis serves nothing else: a few hundred renewals
	 * take well under a millisecond.
	 */
	static final int MAX_BATCH = 256;

	private final Function<List<Heartbeat>, Mono<List<String>>> writer;

	private final Queue<Pending> waiting = new ArrayDeque<>();

	private boolean writing;

	/**
	 * @param writer writes a batch and answers one reply per heartbeat, in order
	 */
	HeartbeatBatcher(Function<List<Heartbeat>, Mono<List<String>>> writer) {
		this.writer = writer;
	}

	Mono<String> submit(Heartbeat heartbeat) {
		return Mono.create((sink) -> {
			synchronized (this) {
				this.waiting.add(new Pending(heartbeat, sink));
			}
			writeNext();
		});
	}

	private void writeNext() {
		List<Pending> batch;
		synchronized (this) {
			if (this.writing || this.waiting.isEmpty()) {
				return;
			}
			this.writing = true;
			batch = new ArrayList<>(Math.min(this.waiting.size(), MAX_BATCH));
			while (batch.size() < MAX_BATCH && !this.waiting.isEmpty()) {
				batch.add(this.waiting.poll());
			}
		}
		this.writer.apply(batch.stream().map(Pending::heartbeat).toList())
			.defaultIfEmpty(List.of())
			.doFinally((signal) -> {
				synchronized (this) {
					this.writing = false;
				}
				writeNext();
			})
			.subscribe((replies) -> answer(batch, replies), (ex) -> batch.forEach((pending) -> pending.sink().error(ex)));
	}

	private static void answer(List<Pending> batch, List<String> replies) {
		if (replies.size() != batch.size()) {
			IllegalStateException ex = new IllegalStateException(
					"Batch of " + batch.size() + " heartbeats got " + replies.size() + " replies");
			batch.forEach((pending) -> pending.sink().error(ex));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).sink().success(replies.get(i));
		}
	}

	/**
	 * One heartbeat to write.
	 *
	 * @param service the service
	 * @param id the instance id
	 * @param status the status to set, or {@code ""} to keep it
	 */
	record Heartbeat(String service, String id, String status) {
	}

	private record Pending(Heartbeat heartbeat, MonoSink<String> sink) {
	}

}

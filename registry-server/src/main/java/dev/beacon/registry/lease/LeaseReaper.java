package dev.beacon.registry.lease;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.InstanceStore;

/**
 * Evicts instances whose lease expired. Runs on every registry server; each eviction is one
 * atomic script, so an instance is evicted once, with one event, however many servers reap.
 */
public class LeaseReaper {

	private static final Log logger = LogFactory.getLog(LeaseReaper.class);

	private final InstanceStore store;

	private final int batchSize;

	private final RegistryMetrics metrics;

	private final AtomicBoolean reaping = new AtomicBoolean();

	public LeaseReaper(InstanceStore store, int batchSize, RegistryMetrics metrics) {
		this.store = store;
		this.batchSize = batchSize;
		this.metrics = metrics;
	}

	/**
	 * Evicts expired instances batch after batch until a batch comes back short. Skipped
	 * while the previous run is still going.
	 */
	public void reap() {
		if (!this.reaping.compareAndSet(false, true)) {
			return;
		}
		evictBatch().expand((evicted) -> (evicted == this.batchSize) ? evictBatch() : Mono.empty())
			.doOnError((ex) -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Lease reaper could not reach Redis: " + ex.getMessage());
				}
			})
			.onErrorComplete()
			.doFinally((signal) -> this.reaping.set(false))
			.subscribe();
	}

	private Mono<Integer> evictBatch() {
		return this.store.evictExpired(this.batchSize).doOnNext((instance) -> {
			logger.info("Evicted " + instance + ": lease expired");
		}).count().map(Long::intValue).doOnNext(this.metrics::evicted);
	}

}

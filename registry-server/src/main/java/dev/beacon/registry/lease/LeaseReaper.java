package dev.beacon.registry.lease;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.InstanceStore.Eviction;
import dev.beacon.registry.store.InstanceStore.ExpiryRules;

/**
 * Evicts instances whose lease expired. Runs on every registry server; each eviction is one
 * atomic script, so an instance is evicted once, with one event, however many servers reap.
 * Two rules keep a lease past its term, each with a warning and a metric: after an outage (no
 * server could reap for a while, or this one could not reach Redis) every lease gets one full
 * term to be renewed, since no instance could renew meanwhile; and no more than a share of a
 * service's instances expire within one window, since most leases of a service lapsing at once
 * more likely means the instances are cut off from the registry than that they all died.
 */
public class LeaseReaper {

	private static final Log logger = LogFactory.getLog(LeaseReaper.class);

	/** Instances named in one warning about leases kept; the rest are counted. */
	private static final int NAMED = 5;

	private final InstanceStore store;

	private final int batchSize;

	private final ExpiryRules rules;

	private final RegistryMetrics metrics;

	private final AtomicBoolean reaping = new AtomicBoolean();

	/** This server could not reach Redis on its last run. */
	private final AtomicBoolean away = new AtomicBoolean();

	public LeaseReaper(InstanceStore store, int batchSize, ExpiryRules rules, RegistryMetrics metrics) {
		this.store = store;
		this.batchSize = batchSize;
		this.rules = rules;
		this.metrics = metrics;
	}

	/**
	 * Evicts expired instances batch after batch until a batch comes back short in every
	 * partition. Skipped
	 * while the previous run is still going.
	 */
	public void reap() {
		if (!this.reaping.compareAndSet(false, true)) {
			return;
		}
		evictBatch().expand((expired) -> (expired >= this.batchSize) ? evictBatch() : Mono.empty())
			.doOnError((ex) -> {
				this.away.set(true);
				if (logger.isDebugEnabled()) {
					logger.debug("Lease reaper could not reach Redis: " + ex.getMessage());
				}
			})
			.onErrorComplete()
			.doFinally((signal) -> this.reaping.set(false))
			.subscribe();
	}

	private Mono<Integer> evictBatch() {
		boolean wasAway = this.away.get();
		return this.store.evictExpired(this.batchSize, this.rules, wasAway).map((eviction) -> {
			if (wasAway) {
				this.away.set(false);
			}
			report(eviction, wasAway);
			return eviction.expired();
		});
	}

	private void report(Eviction eviction, boolean wasAway) {
		if (eviction.graceBegan()) {
			logger.warn((wasAway ? "This registry server could not reach Redis for a while"
					: "No registry server could reap leases for more than " + this.rules.outageAfter().toMillis()
							+ " ms (Redis or every registry server was away, or Redis lost its data)")
					+ ": every lease gets one full term from now before it may be evicted");
		}
		for (String instance : eviction.evicted()) {
			logger.info("Evicted " + instance + ": lease expired");
		}
		this.metrics.evicted(eviction.evicted().size());
		this.metrics.leasesExtended(eviction.extended());
		if (!eviction.kept().isEmpty()) {
			this.metrics.leasesKept(eviction.kept().size());
			List<String> kept = eviction.kept();
			logger.warn("Kept " + kept.size() + " instance(s) past their lease, "
					+ String.join(", ", kept.subList(0, Math.min(NAMED, kept.size())))
					+ ((kept.size() > NAMED) ? " and " + (kept.size() - NAMED) + " more" : "")
					+ ": their services already lost " + Math.round(this.rules.maxShare() * 100)
					+ "% of their instances to expiry within " + this.rules.window().toMillis() + " ms"
					+ " (beacon.registry.reaper.max-expiry-share)");
		}
	}

}

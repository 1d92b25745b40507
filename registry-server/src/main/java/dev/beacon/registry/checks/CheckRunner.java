package dev.beacon.registry.checks;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.beacon.registry.checks.CheckStore.StatusRules;

/**
 * This server's share of the health checks: at each look it claims the checks that are due,
 * as many as it has room for, runs them and records their results. Every server looks; the
 * claim hands each check to one of them per interval, and a check whose server died is simply
 * due again at its next turn and claimed by another.
 */
class CheckRunner {

	private static final Log logger = LogFactory.getLog(CheckRunner.class);

	private final CheckStore store;

	private final CheckProbe probe;

	private final StatusRules rules;

	private final int maxConcurrency;

	private final CheckMetrics metrics;

	private final AtomicBoolean claiming = new AtomicBoolean();

	private final AtomicInteger running = new AtomicInteger();

	CheckRunner(CheckStore store, CheckProbe probe, StatusRules rules, int maxConcurrency, CheckMetrics metrics) {
		this.store = store;
		this.probe = probe;
		this.rules = rules;
		this.maxConcurrency = maxConcurrency;
		this.metrics = metrics;
	}

	/** Claims and starts the due checks; skipped while the previous claim is under way or no room is left. */
	void runDue() {
		int room = this.maxConcurrency - this.running.get();
		if (room <= 0 || !this.claiming.compareAndSet(false, true)) {
			return;
		}
		this.store.claimDue(room)
			.doOnNext((due) -> {
				this.running.incrementAndGet();
				this.metrics.claimed(due.lateness());
				run(due).doFinally((signal) -> this.running.decrementAndGet()).subscribe();
			})
			.doOnError((ex) -> {
				if (logger.isDebugEnabled()) {
					logger.debug("Could not claim health checks: " + ex.getMessage());
				}
			})
			.onErrorComplete()
			.doFinally((signal) -> this.claiming.set(false))
			.subscribe();
	}

	private Mono<CheckOutcome> run(DueCheck due) {
		return this.probe.run(due)
			.flatMap((passed) -> {
				this.metrics.ran(passed);
				return this.store.record(due, passed, this.rules);
			})
			.doOnNext((outcome) -> report(due, outcome))
			.doOnError((ex) -> logger.warn("Could not record the health check of " + due.service() + "/" + due.id()
					+ ": " + ex.getMessage()))
			.onErrorComplete();
	}

	private void report(DueCheck due, CheckOutcome outcome) {
		String instance = due.service() + "/" + due.id();
		switch (outcome) {
			case DOWN -> logger.info("Health check of " + instance + " failed " + this.rules.failuresBeforeDown()
					+ " time(s) in a row: status set to DOWN");
			case UP -> logger.info("Health check of " + instance + " passed " + this.rules.passesBeforeUp()
					+ " time(s) in a row: status set to UP");
			case REMOVED -> logger.info("Removed " + instance + ": its health check failed for longer than "
					+ due.check().deregisterAfter());
			default -> {
			}
		}
	}

}

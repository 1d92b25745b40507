package dev.beacon.registry.checks;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The health checks' state, shared by every registry server: which checks are due, and what
 * their results do to their instances (by the registry's rules: leases, revisions, events).
 */
interface CheckStore {

	/**
	 * Claims due checks of every partition: none is handed to another server within its interval.
	 * @param limit most checks to claim, shared by the partitions (at least one from each)
	 * @return the claimed checks
	 */
	Flux<DueCheck> claimDue(int limit);

	/**
	 * Records one run of a check.
	 * @param check the check that ran
	 * @param passed whether it passed
	 * @param rules how many results in a row change the status
	 * @return what it did to the instance
	 */
	Mono<CheckOutcome> record(DueCheck check, boolean passed, StatusRules rules);

	/**
	 * How many results in a row change an instance's status.
	 *
	 * @param failuresBeforeDown failures in a row that turn it {@code DOWN}
	 * @param passesBeforeUp passes in a row that turn it {@code UP}
	 */
	record StatusRules(int failuresBeforeDown, int passesBeforeUp) {
	}

}

package dev.beacon.registry.checks;

import java.time.Duration;

import dev.beacon.client.Check;
import dev.beacon.client.Registration;

/**
 * A check that this server claimed and must now run.
 *
 * @param service the instance's service
 * @param id the instance's id
 * @param registration the instance's registration, with its check
 * @param lateness how long after its turn it was claimed
 */
record DueCheck(String service, String id, Registration registration, Duration lateness) {

	Check check() {
		Check check = this.registration.check();
		if (check == null) {
			throw new IllegalStateException(this.service + "/" + this.id + " has no check");
		}
		return check;
	}

	/**
	 * How long a run's result keeps the lease: its own term, but at least two intervals and a
	 * timeout, so that a lease shorter than the interval does not run out between two passes.
	 */
	Duration lease() {
		Integer ttlSeconds = this.registration.ttlSeconds();
		Duration term = Duration.ofSeconds((ttlSeconds != null) ? ttlSeconds : 0);
		Duration between = check().interval().multipliedBy(2).plus(check().timeout());
		return (term.compareTo(between) > 0) ? term : between;
	}

}

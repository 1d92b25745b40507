package dev.beacon.registry.checks;

/**
 * What recording one run of a check did to its instance.
 */
enum CheckOutcome {

	/** The instance or its check went while the check ran: nothing recorded. */
	UNKNOWN,

	/** Passed; the lease was renewed. */
	PASSED,

	/** Failed. */
	FAILED,

	/** Passed often enough in a row: the instance turned {@code UP}. */
	UP,

	/** Failed often enough in a row: the instance turned {@code DOWN}. */
	DOWN,

	/** Failed for longer than the check's {@code deregisterAfter}: the instance was removed. */
	REMOVED

}

package dev.beacon.registry.store;

/**
 * The kinds of change the registry records, each with one event in the change log.
 */
public enum ChangeType {

	/** An instance registered, or replaced its registration. */
	REGISTER,

	/** An instance changed its status. */
	STATUS,

	/** An instance deregistered. */
	DEREGISTER,

	/** An instance's lease expired and the reaper evicted it. */
	EXPIRE;

	/**
	 * Whether the instance is gone after this change.
	 * @return {@code true} for deregistration and expiry
	 */
	public boolean removesInstance() {
		return this == DEREGISTER || this == EXPIRE;
	}

}

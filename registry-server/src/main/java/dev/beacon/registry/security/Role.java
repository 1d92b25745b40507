package dev.beacon.registry.security;

/**
 * What a token may do.
 */
public enum Role {

	/** Read services, instances and the watch stream. */
	READ,

	/** Register, renew, change status and deregister; implies {@link #READ}. */
	WRITE;

	boolean grants(Role needed) {
		return this == needed || (this == WRITE && needed == READ);
	}

}

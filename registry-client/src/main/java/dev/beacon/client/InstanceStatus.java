package dev.beacon.client;

import org.jspecify.annotations.Nullable;

/**
 * Whether an instance takes traffic. Only {@link #UP} instances are offered to clients by
 * default; the other states keep the instance registered but out of rotation.
 */
public enum InstanceStatus {

	UP, DOWN, STARTING, OUT_OF_SERVICE;

	/**
	 * The status with the given name, as sent over the API.
	 * @param name a status name such as {@code UP}
	 * @return the status, or {@code null} when the name is not one
	 */
	public static @Nullable InstanceStatus parse(@Nullable String name) {
		for (InstanceStatus status : values()) {
			if (status.name().equals(name)) {
				return status;
			}
		}
		return null;
	}

}

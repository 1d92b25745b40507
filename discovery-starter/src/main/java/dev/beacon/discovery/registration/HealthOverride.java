package dev.beacon.discovery.registration;

import org.jspecify.annotations.Nullable;

/**
 * A status that health imposes on registration, whatever readiness says.
 */
@FunctionalInterface
public interface HealthOverride {

	/** No override: readiness decides. */
	HealthOverride NONE = () -> null;

	/**
	 * The status health imposes.
	 * @return {@code DOWN} or {@code OUT_OF_SERVICE}, or {@code null} for none
	 */
	@Nullable String status();

}

package dev.beacon.discovery.registration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;

/**
 * The status Actuator's health imposes on registration: {@code DOWN} and
 * {@code OUT_OF_SERVICE} take the instance out of rotation; any other health imposes nothing.
 */
public class HealthStatus implements HealthOverride {

	private final ObjectProvider<HealthEndpoint> healthEndpoint;

	public HealthStatus(ObjectProvider<HealthEndpoint> healthEndpoint) {
		this.healthEndpoint = healthEndpoint;
	}

	@Override
	public @Nullable String status() {
		HealthEndpoint endpoint = this.healthEndpoint.getIfAvailable();
		if (endpoint == null) {
			return null;
		}
		Status status = endpoint.health().getStatus();
		if (Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status)) {
			return status.getCode();
		}
		return null;
	}

}

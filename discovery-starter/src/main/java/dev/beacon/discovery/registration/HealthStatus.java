package dev.beacon.discovery.registration;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Status;

/**
 * The status Actuator's health imposes on registration: {@code DOWN} and
 * {@code OUT_OF_SERVICE} take the instance out of rotation; any other health imposes nothing.
 * <p>
 * Boot's readiness indicator is left out, its other components aggregated again with the
 * application's own status order: {@link InstanceStatus} follows readiness from the events
 * themselves, while that indicator reads Boot's availability bean, another listener of the
 * same event that may not have received it yet. Counted in, it could read
 * {@code OUT_OF_SERVICE} in the heartbeat sent the moment the application turns ready: a
 * spurious status between {@code STARTING} and {@code UP}.
 */
public class HealthStatus implements HealthOverride {

	/** Boot's name for its readiness indicator, the one its {@code readiness} probe group includes. */
	static final String READINESS = "readinessState";

	private final ObjectProvider<HealthEndpoint> healthEndpoint;

	private final ObjectProvider<HealthEndpointGroups> groups;

	public HealthStatus(ObjectProvider<HealthEndpoint> healthEndpoint, ObjectProvider<HealthEndpointGroups> groups) {
		this.healthEndpoint = healthEndpoint;
		this.groups = groups;
	}

	@Override
	public @Nullable String status() {
		HealthEndpoint endpoint = this.healthEndpoint.getIfAvailable();
		if (endpoint == null) {
			return null;
		}
		Status status = withoutReadiness(endpoint.health());
		if (Status.DOWN.equals(status) || Status.OUT_OF_SERVICE.equals(status)) {
			return status.getCode();
		}
		return null;
	}

	// health() asks for every component whatever show-components says, so they are all here
	private Status withoutReadiness(HealthDescriptor health) {
		Map<String, HealthDescriptor> components = (health instanceof CompositeHealthDescriptor composite)
				? composite.getComponents() : null;
		if (components == null || !components.containsKey(READINESS)) {
			return health.getStatus();
		}
		Set<Status> others = components.entrySet()
			.stream()
			.filter((component) -> !READINESS.equals(component.getKey()))
			.map((component) -> component.getValue().getStatus())
			.collect(Collectors.toSet());
		return statusAggregator().getAggregateStatus(others);
	}

	private StatusAggregator statusAggregator() {
		HealthEndpointGroups groups = this.groups.getIfAvailable();
		return (groups != null) ? groups.getPrimary().getStatusAggregator() : StatusAggregator.getDefault();
	}

}

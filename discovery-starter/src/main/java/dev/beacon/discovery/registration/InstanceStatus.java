package dev.beacon.discovery.registration;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * Decides the status this instance reports. In order: a status set by hand (through
 * {@code /actuator/serviceregistry} or {@code ServiceRegistry.setStatus}) until it is set back
 * to {@code UP}; {@code STARTING} until the application is first ready for traffic (health is
 * not settled before that: liveness itself reads as broken during start-up); then
 * {@code DOWN} or {@code OUT_OF_SERVICE} from Actuator's health (less its readiness
 * indicator, which only echoes these events, later); else {@code UP} while the
 * application accepts traffic and {@code OUT_OF_SERVICE} once it refuses it again (as it does
 * when shutting down).
 */
public class InstanceStatus implements ApplicationListener<AvailabilityChangeEvent<?>> {

	static final String UP = "UP";

	static final String STARTING = "STARTING";

	static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

	private final HealthOverride health;

	private final AtomicBoolean wasReady = new AtomicBoolean();

	private volatile @Nullable ReadinessState readiness;

	private volatile @Nullable String manual;

	private volatile @Nullable Runnable onChange;

	private volatile @Nullable String reported;

	public InstanceStatus(HealthOverride health) {
		this.health = health;
	}

	public String current() {
		String byHand = this.manual;
		if (byHand != null) {
			return byHand;
		}
		if (!this.wasReady.get()) {
			return STARTING;
		}
		String byHealth = this.health.status();
		if (byHealth != null) {
			return byHealth;
		}
		return (this.readiness == ReadinessState.ACCEPTING_TRAFFIC) ? UP : OUT_OF_SERVICE;
	}

	/**
	 * The current status, remembered as the one last sent to the registry.
	 * @return the status
	 */
	dev.beacon.client.InstanceStatus report() {
		String status = current();
		this.reported = status;
		return dev.beacon.client.InstanceStatus.valueOf(status);
	}

	/**
	 * The status last sent to the registry. Health reports this one: computing the current
	 * status from within a health check would ask health again.
	 * @return the status, or {@code null} before the first registration
	 */
	public @Nullable String reported() {
		return this.reported;
	}

	void setByHand(String status) {
		if (dev.beacon.client.InstanceStatus.parse(status) == null) {
			throw new IllegalArgumentException(
					"status must be one of UP, DOWN, STARTING and OUT_OF_SERVICE, not '" + status + "'");
		}
		this.manual = UP.equals(status) ? null : status;
		changed();
	}

	void onChange(Runnable listener) {
		this.onChange = listener;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		if (event.getState() instanceof ReadinessState state) {
			this.readiness = state;
			if (state == ReadinessState.ACCEPTING_TRAFFIC) {
				this.wasReady.set(true);
			}
			changed();
		}
	}

	private void changed() {
		Runnable listener = this.onChange;
		if (listener != null) {
			listener.run();
		}
	}

}

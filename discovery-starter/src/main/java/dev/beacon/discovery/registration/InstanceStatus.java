package dev.beacon.discovery.registration;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * Decides the status this instance reports. In order: a status set by hand (through
 * {@code /actuator/serviceregistry} or {@code ServiceRegistry.setStatus}) until it is set back
 * to {@code UP}; {@code DOWN} or {@code OUT_OF_SERVICE} from Actuator's health; else
 * {@code STARTING} until the application is ready for traffic, {@code UP} while it is, and
 * {@code OUT_OF_SERVICE} once it refuses traffic again (as it does when shutting down).
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

	public InstanceStatus(HealthOverride health) {
		this.health = health;
	}

	public String current() {
		String byHand = this.manual;
		if (byHand != null) {
			return byHand;
		}
		String byHealth = this.health.status();
		if (byHealth != null) {
			return byHealth;
		}
		if (this.readiness == ReadinessState.ACCEPTING_TRAFFIC) {
			return UP;
		}
		return this.wasReady.get() ? OUT_OF_SERVICE : STARTING;
	}

	void setByHand(String status) {
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

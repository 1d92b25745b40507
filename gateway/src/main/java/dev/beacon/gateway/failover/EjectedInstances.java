package dev.beacon.gateway.failover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Instances that just failed to take a connection, skipped until their ejection ends: the
 * registry will drop a crashed instance when its lease expires, but the gateway need not wait
 * for that to stop sending it requests.
 */
public class EjectedInstances {

	private final Map<String, Instant> ejectedUntil = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Duration ejection;

	public EjectedInstances(Clock clock, Duration ejection) {
		this.clock = clock;
		this.ejection = ejection;
	}

	void eject(ServiceInstance instance) {
		this.ejectedUntil.put(key(instance), this.clock.instant().plus(this.ejection));
	}

	/** The usual case, when every instance list of every request can be taken as it is. */
	boolean none() {
		return this.ejectedUntil.isEmpty();
	}

	boolean isEjected(ServiceInstance instance) {
		if (none()) {
			return false;
		}
		Instant until = this.ejectedUntil.get(key(instance));
		if (until == null) {
			return false;
		}
		if (this.clock.instant().isBefore(until)) {
			return true;
		}
		this.ejectedUntil.remove(key(instance), until);
		return false;
	}

	private static String key(ServiceInstance instance) {
		return instance.getServiceId() + "/" + instance.getHost() + ":" + instance.getPort();
	}

}

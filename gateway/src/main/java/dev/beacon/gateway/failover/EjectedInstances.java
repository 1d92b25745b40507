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

	boolean isEjected(ServiceInstance instance) {
		if (this.ejectedUntil.isEmpty()) {
			// the usual case, asked for every instance of every request: no key to build
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

package dev.beacon.discovery.registration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code POST /actuator/drain}: deregisters this instance, waits until the registry confirms
 * that every watcher heard of it (at most {@code beacon.discovery.drain}), and answers when it is
 * safe to stop: for platforms that stop processes from outside, as a Kubernetes {@code preStop}
 * hook does. The shutdown that follows has nothing left to wait for. Like Actuator's other
 * write operations, keep it off the public port.
 */
@Endpoint(id = "drain")
public class DrainEndpoint {

	private final BeaconAutoServiceRegistration registration;

	private final BeaconServiceRegistry serviceRegistry;

	private final Duration margin;

	/**
	 * @param registration the application's registration
	 * @param serviceRegistry deregisters and tells whether the registry confirmed it
	 * @param margin how long the instance still serves once the registry confirmed, before the
	 * answer says it is safe to stop
	 */
	public DrainEndpoint(BeaconAutoServiceRegistration registration, BeaconServiceRegistry serviceRegistry,
			Duration margin) {
		this.registration = registration;
		this.serviceRegistry = serviceRegistry;
		this.margin = margin;
	}

	@WriteOperation
	public Map<String, Object> drain() {
		boolean wasRegistered = this.registration.isRunning();
		this.registration.stop();
		boolean confirmed = this.serviceRegistry.deliveryConfirmed();
		if (wasRegistered && confirmed && !this.margin.isZero()) {
			serveMargin();
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("deregistered", wasRegistered);
		answer.put("delivered", !wasRegistered || confirmed);
		return answer;
	}

	/** Actuator runs a blocking operation off the event loops; the caller waits for "safe to stop". */
	private void serveMargin() {
		try {
			Thread.sleep(this.margin.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

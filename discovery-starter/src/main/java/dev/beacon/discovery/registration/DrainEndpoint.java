package dev.beacon.discovery.registration;

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

	public DrainEndpoint(BeaconAutoServiceRegistration registration, BeaconServiceRegistry serviceRegistry) {
		this.registration = registration;
		this.serviceRegistry = serviceRegistry;
	}

	@WriteOperation
	public Map<String, Object> drain() {
		boolean wasRegistered = this.registration.isRunning();
		this.registration.stop();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("deregistered", wasRegistered);
		answer.put("delivered", !wasRegistered || this.serviceRegistry.deliveryConfirmed());
		return answer;
	}

}

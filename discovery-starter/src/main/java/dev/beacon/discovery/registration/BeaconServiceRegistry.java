package dev.beacon.discovery.registration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUnavailableException;

/**
 * Spring Cloud's {@link ServiceRegistry} on the Beacon registry: registers with the current
 * status, keeps the lease with heartbeats, and deregisters after stopping them (so that a late
 * heartbeat cannot register the instance again).
 */
public class BeaconServiceRegistry implements ServiceRegistry<BeaconRegistration> {

	private static final Log logger = LogFactory.getLog(BeaconServiceRegistry.class);

	private final RegistryClient client;

	private final InstanceStatus status;

	private final HeartbeatSender heartbeats;

	private final boolean failFast;

	private volatile boolean registered;

	public BeaconServiceRegistry(RegistryClient client, InstanceStatus status, HeartbeatSender heartbeats,
			boolean failFast) {
		this.client = client;
		this.status = status;
		this.heartbeats = heartbeats;
		this.failFast = failFast;
		status.onChange(heartbeats::beatNow);
	}

	@Override
	public void register(BeaconRegistration registration) {
		try {
			send(registration);
			logger.info("Registered " + registration + " as " + this.status.reported());
		}
		catch (RegistryUnavailableException ex) {
			if (this.failFast) {
				throw new IllegalStateException("No Beacon registry accepted the registration of " + registration
						+ " (beacon.discovery.fail-fast=true): " + ex.getMessage(), ex);
			}
			logger.warn("Could not register " + registration + " yet; heartbeats will retry: " + ex.getMessage());
		}
		this.registered = true;
		this.heartbeats.start(registration, () -> send(registration));
	}

	private void send(BeaconRegistration registration) {
		this.client.register(registration.getServiceId(), registration.getInstanceId(),
				new Registration(registration.getHost(), registration.getPort(), registration.isSecure(),
						this.status.report(), registration.getZone(), registration.getWeight(),
						registration.getMetadata(), Math.toIntExact(registration.getLeaseSeconds())));
	}

	@Override
	public void deregister(BeaconRegistration registration) {
		this.heartbeats.stop();
		if (!this.registered) {
			return;
		}
		this.registered = false;
		try {
			this.client.deregister(registration.getServiceId(), registration.getInstanceId());
			logger.info("Deregistered " + registration);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not deregister " + registration + "; its lease will expire: " + ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.heartbeats.stop();
	}

	@Override
	public void setStatus(BeaconRegistration registration, String status) {
		this.status.setByHand(status.toUpperCase());
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getStatus(BeaconRegistration registration) {
		return (T) this.status.current();
	}

	/**
	 * The status last sent to the registry.
	 * @return the status, or {@code null} before the first registration
	 */
	public @Nullable String reportedStatus() {
		return this.status.reported();
	}

	public boolean isRegistered() {
		return this.registered;
	}

}

package dev.beacon.discovery.registration;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.serviceregistry.ServiceRegistry;

import dev.beacon.client.Delivery;
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

	private final Duration drain;

	private final boolean confirmDrain;

	private volatile boolean registered;

	private volatile boolean deliveryConfirmed;

	/**
	 * @param client the registry client
	 * @param status the status reported
	 * @param heartbeats sends the heartbeats
	 * @param failFast whether a registration no registry accepts fails the start
	 * @param drain the longest wait, on deregistration, for the registry to confirm that every
	 * watcher heard of it; zero for no wait
	 * @param confirmDrain whether to ask the registry for that confirmation; without it the
	 * whole drain is waited out
	 */
	public BeaconServiceRegistry(RegistryClient client, InstanceStatus status, HeartbeatSender heartbeats,
			boolean failFast, Duration drain, boolean confirmDrain) {
		this.client = client;
		this.status = status;
		this.heartbeats = heartbeats;
		this.failFast = failFast;
		this.drain = drain;
		this.confirmDrain = confirmDrain;
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
						registration.getMetadata(), Math.toIntExact(registration.getLeaseSeconds()), registration.getCheck()));
	}

	@Override
	public void deregister(BeaconRegistration registration) {
		this.heartbeats.stop();
		if (!this.registered) {
			return;
		}
		this.registered = false;
		this.deliveryConfirmed = false;
		try {
			if (this.drain.isZero() || !this.confirmDrain) {
				this.deliveryConfirmed = false;
				this.client.deregister(registration.getServiceId(), registration.getInstanceId());
				logger.info("Deregistered " + registration);
				return;
			}
			Delivery delivery = this.client.deregisterDelivered(registration.getServiceId(),
					registration.getInstanceId(), this.drain);
			this.deliveryConfirmed = delivery != null && delivery.delivered();
			logger.info("Deregistered " + registration + "; " + describe(delivery));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not deregister " + registration + "; its lease will expire: " + ex.getMessage());
		}
	}

	/**
	 * Whether the last deregistration was confirmed delivered to every watcher of every registry
	 * server: then the instance need not wait out the drain.
	 * @return {@code true} when confirmed
	 */
	public boolean deliveryConfirmed() {
		return this.deliveryConfirmed;
	}

	private static String describe(@Nullable Delivery delivery) {
		if (delivery == null) {
			return "the registry confirms no delivery: waiting out beacon.discovery.drain";
		}
		String cut = (delivery.cut() > 0)
				? "; " + delivery.cut() + " watcher(s) cut for reading too slowly will resume from their last event" : "";
		if (delivery.delivered()) {
			return "reached " + delivery.watchers() + " watcher(s) on "
					+ delivery.servers() + " registry server(s) in " + delivery.waitedMillis() + " ms" + cut;
		}
		return "not delivered everywhere within " + delivery.waitedMillis() + " ms (" + delivery.notReached()
				+ " watcher(s) not reached; registry servers behind: " + String.join(", ", delivery.behind()) + ")"
				+ cut + ": waiting out beacon.discovery.drain";
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

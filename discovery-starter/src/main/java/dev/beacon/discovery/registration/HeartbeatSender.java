package dev.beacon.discovery.registration;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryRejectedException;
import dev.beacon.client.RegistryUnavailableException;

/**
 * Renews this instance's lease on an injected scheduler, each heartbeat carrying the current
 * status. A heartbeat the registry answers with "unknown lease" registers again (the registry
 * lost its data, or the lease expired); an unreachable registry is retried with growing
 * delays and never stops the application.
 */
public class HeartbeatSender {

	private static final Log logger = LogFactory.getLog(HeartbeatSender.class);

	private static final Duration FIRST_RETRY = Duration.ofMillis(500);

	private final RegistryClient client;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final InstanceStatus status;

	private final Duration interval;

	private @Nullable BeaconRegistration registration;

	private @Nullable Runnable reRegister;

	private @Nullable ScheduledFuture<?> next;

	private int failures;

	public HeartbeatSender(RegistryClient client, TaskScheduler scheduler, Clock clock, InstanceStatus status,
			Duration interval) {
		this.client = client;
		this.scheduler = scheduler;
		this.clock = clock;
		this.status = status;
		this.interval = interval;
	}

	synchronized void start(BeaconRegistration registration, Runnable reRegister) {
		this.registration = registration;
		this.reRegister = reRegister;
		this.failures = 0;
		scheduleIn(this.interval);
	}

	synchronized void stop() {
		this.registration = null;
		cancelNext();
	}

	/** Sends a heartbeat now, to carry a status change without waiting for the next one. */
	synchronized void beatNow() {
		if (this.registration != null) {
			scheduleIn(Duration.ZERO);
		}
	}

	private synchronized void beat() {
		BeaconRegistration current = this.registration;
		if (current == null) {
			return;
		}
		Duration delay = this.interval;
		try {
			if (!this.client.heartbeat(current.getServiceId(), current.getInstanceId(), this.status.report())) {
				logger.info("Registry does not know " + current + " (lease expired or registry data lost); "
						+ "registering again");
				this.reRegister.run();
			}
			if (this.failures > 0) {
				logger.info("Heartbeats of " + current + " reach the registry again");
			}
			this.failures = 0;
		}
		catch (RegistryUnavailableException | RegistryRejectedException ex) {
			if (this.failures++ == 0) {
				logger.warn("Heartbeat of " + current + " failed, retrying: " + ex.getMessage());
			}
			delay = retryDelay();
		}
		catch (RuntimeException ex) {
			logger.warn("Heartbeat of " + current + " failed, retrying", ex);
			delay = retryDelay();
		}
		scheduleIn(delay);
	}

	private Duration retryDelay() {
		Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(this.failures - 1, 10));
		return (delay.compareTo(this.interval) < 0) ? delay : this.interval;
	}

	private void scheduleIn(Duration delay) {
		cancelNext();
		this.next = this.scheduler.schedule(this::beat, this.clock.instant().plus(delay));
	}

	private void cancelNext() {
		if (this.next != null) {
			this.next.cancel(false);
			this.next = null;
		}
	}

}

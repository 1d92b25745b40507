package dev.beacon.discovery.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;

/**
 * Leaves cleanly when the application stops: deregisters first, waits until the registry
 * confirms that every watcher heard of it (at most the drain; the whole drain when the
 * registry confirms nothing), serves a short margin more for requests chosen just before the
 * watchers applied it, and only then lets the web server's graceful shutdown (a later phase)
 * finish the requests in flight. Without this, Spring Cloud
 * deregisters only when beans are destroyed, after the web server has already stopped.
 */
public class GracefulDeregistration implements SmartLifecycle {

	/** Before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}). */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final BeaconAutoServiceRegistration registration;

	private final BeaconServiceRegistry serviceRegistry;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final Duration drain;

	private final Duration margin;

	private volatile boolean running;

	/**
	 * @param registration the application's registration
	 * @param serviceRegistry deregisters and tells whether the registry confirmed it
	 * @param scheduler where the end of the drain is scheduled
	 * @param clock the time
	 * @param drain the longest wait between deregistration and the web server's shutdown
	 * @param margin how long the instance still serves once the registry confirmed
	 */
	public GracefulDeregistration(BeaconAutoServiceRegistration registration, BeaconServiceRegistry serviceRegistry,
			TaskScheduler scheduler, Clock clock, Duration drain, Duration margin) {
		this.registration = registration;
		this.serviceRegistry = serviceRegistry;
		this.scheduler = scheduler;
		this.clock = clock;
		this.drain = drain;
		this.margin = margin;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.registration.stop();
	}

	@Override
	public void stop(Runnable callback) {
		boolean wasRegistered = this.registration.isRunning();
		Instant began = this.clock.instant();
		stop();
		boolean confirmed = this.serviceRegistry.deliveryConfirmed();
		if (!wasRegistered || this.drain.isZero() || (confirmed && this.margin.isZero())) {
			callback.run();
			return;
		}
		Instant whole = began.plus(this.drain);
		Instant end = whole;
		if (confirmed) {
			Instant afterMargin = this.clock.instant().plus(this.margin);
			end = afterMargin.isBefore(whole) ? afterMargin : whole;
		}
		try {
			this.scheduler.schedule(callback, end);
		}
		catch (TaskRejectedException ex) {
			callback.run();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}

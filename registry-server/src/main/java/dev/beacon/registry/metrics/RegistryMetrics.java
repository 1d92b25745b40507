package dev.beacon.registry.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counters of what the registry does, under {@code beacon.registry.*}.
 */
public class RegistryMetrics {

	private static final String TOKEN = "token";

	private final MeterRegistry registry;

	private final Counter heartbeats;

	private final Counter evictions;

	private final Counter eventsFannedOut;

	private final Counter leasesExtended;

	private final Counter leasesKept;

	private final Timer fanOut;

	public RegistryMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.heartbeats = counter(registry, "beacon.registry.heartbeats", "Lease renewals accepted");
		this.evictions = counter(registry, "beacon.registry.evictions",
				"Instances evicted by this server's reaper because their lease expired");
		this.eventsFannedOut = counter(registry, "beacon.registry.events.fanned.out",
				"Change events delivered to this server's watchers");
		this.leasesExtended = Counter.builder("beacon.registry.leases.kept")
			.tag("reason", "outage")
			.description("Expired leases this server's reaper kept: extended by one term after an outage")
			.register(registry);
		this.leasesKept = Counter.builder("beacon.registry.leases.kept")
			.tag("reason", "expiry-share")
			.description("Expired leases this server's reaper kept until the expiry window ends, since their "
					+ "service had already lost its max-expiry-share of instances to expiry")
			.register(registry);
		this.fanOut = Timer.builder("beacon.registry.watch.fanout")
			.description("Time from a change written to Redis until every watcher of this server holding "
					+ "it had taken it, by Redis's clock")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
	}

	private static Counter counter(MeterRegistry registry, String name, String description) {
		return Counter.builder(name).description(description).register(registry);
	}

	/**
	 * A registration that created or changed an instance.
	 * @param token the name of the token that made it
	 */
	public void registered(String token) {
		Counter.builder("beacon.registry.registrations")
			.tag(TOKEN, token)
			.description("Registrations that created or changed an instance")
			.register(this.registry)
			.increment();
	}

	/**
	 * A status set through the status call or a heartbeat that carried a new one.
	 * @param token the name of the token that set it
	 */
	public void statusChanged(String token) {
		Counter.builder("beacon.registry.status.changes")
			.tag(TOKEN, token)
			.description("Status changes of instances, through the status call or a heartbeat")
			.register(this.registry)
			.increment();
	}

	public void heartbeat() {
		this.heartbeats.increment();
	}

	/**
	 * An instance that deregistered.
	 * @param token the name of the token that removed it
	 */
	public void deregistered(String token) {
		Counter.builder("beacon.registry.deregistrations")
			.tag(TOKEN, token)
			.description("Instances that deregistered")
			.register(this.registry)
			.increment();
	}

	public void evicted(int count) {
		this.evictions.increment(count);
	}

	public void leasesExtended(int count) {
		this.leasesExtended.increment(count);
	}

	public void leasesKept(int count) {
		this.leasesKept.increment(count);
	}

	public void eventsFannedOut(int count) {
		this.eventsFannedOut.increment(count);
	}

	/**
	 * Every watcher of this server took a change, some time after it was written.
	 * @param sinceWritten the time since the change was written
	 */
	public void fannedOut(Duration sinceWritten) {
		this.fanOut.record(sinceWritten);
	}

}

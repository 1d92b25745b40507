package dev.beacon.discovery.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

import dev.beacon.discovery.catalog.CatalogStaleness;
import dev.beacon.discovery.catalog.InstanceCatalog;
import dev.beacon.discovery.registration.BeaconServiceRegistry;

/**
 * Metrics of Beacon discovery: age of the catalog, whether the change stream is connected,
 * events received, and whether this application is registered.
 */
public class BeaconDiscoveryMetrics implements MeterBinder {

	private final CatalogStaleness staleness;

	private final ObjectProvider<BeaconServiceRegistry> serviceRegistry;

	private final Clock clock;

	public BeaconDiscoveryMetrics(InstanceCatalog catalog, ObjectProvider<BeaconServiceRegistry> serviceRegistry,
			Clock clock) {
		this.staleness = catalog.staleness();
		this.serviceRegistry = serviceRegistry;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("beacon.discovery.cache.age", this, BeaconDiscoveryMetrics::cacheAgeSeconds)
			.description("Seconds since the catalog last heard from the registry (a snapshot or an event)")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("beacon.discovery.watch.connected", this.staleness,
				(staleness) -> staleness.isConnected() ? 1 : 0)
			.description("Whether the change stream from the registry is connected")
			.register(registry);
		FunctionCounter.builder("beacon.discovery.events", this.staleness, CatalogStaleness::eventsReceived)
			.description("Change events received from the registry")
			.register(registry);
		Gauge.builder("beacon.discovery.registered", this.serviceRegistry, BeaconDiscoveryMetrics::registered)
			.description("Whether this application is registered")
			.register(registry);
	}

	private double cacheAgeSeconds() {
		Instant last = this.staleness.lastUpdate();
		return (last != null) ? Duration.between(last, this.clock.instant()).toMillis() / 1000.0 : Double.NaN;
	}

	private static double registered(ObjectProvider<BeaconServiceRegistry> serviceRegistry) {
		BeaconServiceRegistry registry = serviceRegistry.getIfAvailable();
		return (registry != null && registry.isRegistered()) ? 1 : 0;
	}

}

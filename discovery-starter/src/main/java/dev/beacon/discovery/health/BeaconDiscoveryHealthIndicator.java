package dev.beacon.discovery.health;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.beacon.client.RegistryUrls;
import dev.beacon.discovery.catalog.CatalogStaleness;
import dev.beacon.discovery.catalog.InstanceCatalog;
import dev.beacon.discovery.registration.BeaconRegistration;
import dev.beacon.discovery.registration.BeaconServiceRegistry;

/**
 * Reports Beacon discovery: whether the change stream is connected, and if not, that the
 * instances served are stale and since when. Always {@code UP}: stale data is still served, and
 * a registry outage must never take this application out of rotation (its health feeds its
 * own registration status).
 */
public class BeaconDiscoveryHealthIndicator extends AbstractHealthIndicator {

	private final InstanceCatalog catalog;

	private final RegistryUrls registries;

	private final ObjectProvider<BeaconServiceRegistry> serviceRegistry;

	private final ObjectProvider<BeaconRegistration> registration;

	public BeaconDiscoveryHealthIndicator(InstanceCatalog catalog, RegistryUrls registries,
			ObjectProvider<BeaconServiceRegistry> serviceRegistry, ObjectProvider<BeaconRegistration> registration) {
		super("Beacon discovery health check failed");
		this.catalog = catalog;
		this.registries = registries;
		this.serviceRegistry = serviceRegistry;
		this.registration = registration;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		CatalogStaleness staleness = this.catalog.staleness();
		builder.up()
			.withDetail("registry", this.registries.current().toString())
			.withDetail("watch", staleness.isConnected() ? "connected" : "disconnected")
			.withDetail("stale", !staleness.isConnected())
			.withDetail("services", this.catalog.serviceNames().size());
		detail(builder, "staleSince", staleness.staleSince());
		detail(builder, "lastUpdate", staleness.lastUpdate());
		BeaconServiceRegistry registry = this.serviceRegistry.getIfAvailable();
		BeaconRegistration self = this.registration.getIfAvailable();
		if (registry != null && self != null) {
			builder.withDetail("instance", self.getServiceId() + "/" + self.getInstanceId())
				.withDetail("registered", registry.isRegistered());
			String status = registry.reportedStatus();
			if (status != null) {
				builder.withDetail("status", status);
			}
		}
	}

	private static void detail(Health.Builder builder, String name, @Nullable Instant value) {
		if (value != null) {
			builder.withDetail(name, value.toString());
		}
	}

}

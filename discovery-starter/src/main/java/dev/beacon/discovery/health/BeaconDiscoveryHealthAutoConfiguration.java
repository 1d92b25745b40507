package dev.beacon.discovery.health;

import java.time.Clock;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.client.RegistryClient;
import dev.beacon.discovery.ConditionalOnBeaconDiscoveryEnabled;
import dev.beacon.discovery.catalog.BeaconDiscoveryClientAutoConfiguration;
import dev.beacon.discovery.catalog.InstanceCatalog;
import dev.beacon.discovery.registration.BeaconRegistration;
import dev.beacon.discovery.registration.BeaconServiceRegistry;
import dev.beacon.discovery.registration.BeaconServiceRegistryAutoConfiguration;

/**
 * The health indicator and metrics of Beacon discovery, when Actuator and Micrometer are
 * present.
 */
@AutoConfiguration(after = { BeaconDiscoveryClientAutoConfiguration.class,
		BeaconServiceRegistryAutoConfiguration.class })
@ConditionalOnBeaconDiscoveryEnabled
@ConditionalOnBean(InstanceCatalog.class)
public final class BeaconDiscoveryHealthAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("beaconDiscovery")
	static class HealthIndicatorConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "beaconDiscoveryHealthIndicator")
		BeaconDiscoveryHealthIndicator beaconDiscoveryHealthIndicator(InstanceCatalog catalog, RegistryClient client,
				ObjectProvider<BeaconServiceRegistry> serviceRegistry,
				ObjectProvider<BeaconRegistration> registration) {
			return new BeaconDiscoveryHealthIndicator(catalog, client.urls(), serviceRegistry, registration);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BeaconDiscoveryMetrics beaconDiscoveryMetrics(InstanceCatalog catalog,
				ObjectProvider<BeaconServiceRegistry> serviceRegistry, ObjectProvider<Clock> clock) {
			return new BeaconDiscoveryMetrics(catalog, serviceRegistry, clock.getIfUnique(Clock::systemUTC));
		}

	}

}

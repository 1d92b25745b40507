package dev.beacon.discovery.registration;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;

import dev.beacon.discovery.BeaconDiscoveryAutoConfiguration;
import dev.beacon.discovery.BeaconDiscoveryProperties;
import dev.beacon.discovery.ConditionalOnBeaconDiscoveryEnabled;

/**
 * Registers a web application when its server starts and leaves cleanly when it stops.
 */
@AutoConfiguration(after = { AutoServiceRegistrationAutoConfiguration.class,
		BeaconServiceRegistryAutoConfiguration.class })
@ConditionalOnBeaconDiscoveryEnabled
@ConditionalOnWebApplication
@ConditionalOnBean({ AutoServiceRegistrationProperties.class, BeaconServiceRegistry.class })
@ConditionalOnProperty(name = "spring.cloud.service-registry.auto-registration.enabled", matchIfMissing = true)
public final class BeaconAutoServiceRegistrationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BeaconAutoServiceRegistration beaconAutoServiceRegistration(ApplicationContext context,
			BeaconServiceRegistry serviceRegistry, AutoServiceRegistrationProperties properties,
			BeaconRegistration registration) {
		return new BeaconAutoServiceRegistration(context, serviceRegistry, properties, registration);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint
	DrainEndpoint beaconDrainEndpoint(BeaconAutoServiceRegistration registration,
			BeaconServiceRegistry serviceRegistry, BeaconDiscoveryProperties properties) {
		return new DrainEndpoint(registration, serviceRegistry, DrainMargin.of(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	GracefulDeregistration beaconGracefulDeregistration(BeaconAutoServiceRegistration registration,
			BeaconServiceRegistry serviceRegistry,
			@Qualifier(BeaconDiscoveryAutoConfiguration.SCHEDULER) TaskScheduler scheduler,
			ObjectProvider<Clock> clock, BeaconDiscoveryProperties properties) {
		return new GracefulDeregistration(registration, serviceRegistry, scheduler, clock.getIfUnique(Clock::systemUTC),
				properties.drain(), DrainMargin.of(properties));
	}

}

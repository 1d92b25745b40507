package dev.beacon.gateway.routing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.beacon.discovery.catalog.InstanceCatalog;

@Configuration(proxyBeanMethods = false)
class DiscoveryRoutingConfiguration {

	@Bean
	KnownServices knownServices(InstanceCatalog catalog, Environment environment) {
		return new KnownServices(catalog, environment.getProperty("spring.application.name", "gateway"));
	}

	@Bean
	BeaconServiceRoutePredicateFactory beaconServiceRoutePredicateFactory(KnownServices services) {
		return new BeaconServiceRoutePredicateFactory(services);
	}

	@Bean
	BeaconServiceGatewayFilterFactory beaconServiceGatewayFilterFactory(KnownServices services) {
		return new BeaconServiceGatewayFilterFactory(services);
	}

	@Bean
	DiscoveryRoutes discoveryRoutes() {
		return new DiscoveryRoutes();
	}

}

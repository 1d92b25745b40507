package dev.beacon.gateway.routing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.beacon.discovery.catalog.DiscoveredServices;
import dev.beacon.gateway.BeaconGatewayProperties;

@Configuration(proxyBeanMethods = false)
class DiscoveryRoutingConfiguration {

	@Bean
	KnownServices knownServices(DiscoveredServices services, Environment environment) {
		return new KnownServices(services, environment.getProperty("spring.application.name", "gateway"));
	}

	@Bean
	LoadBalancerWarmer loadBalancerWarmer(DiscoveredServices services, LoadBalancerClientFactory loadBalancers,
			BeaconGatewayProperties properties) {
		ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "beacon-loadbalancer-warmer");
			thread.setDaemon(true);
			return thread;
		});
		LoadBalancerWarmer warmer = new LoadBalancerWarmer(loadBalancers::getInstance, executor,
				properties.warmLoadBalancers());
		services.subscribe(warmer);
		return warmer;
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

package dev.beacon.gateway.routing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.beacon.discovery.catalog.InstanceCatalog;
import dev.beacon.gateway.BeaconGatewayProperties;

@Configuration(proxyBeanMethods = false)
class DiscoveryRoutingConfiguration {

	@Bean
	KnownServices knownServices(InstanceCatalog catalog, Environment environment) {
		return new KnownServices(catalog, environment.getProperty("spring.application.name", "gateway"));
	}

	@Bean
	LoadBalancerWarmer loadBalancerWarmer(KnownServices services, LoadBalancerClientFactory loadBalancers,
			BeaconGatewayProperties properties) {
		ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "beacon-loadbalancer-warmer");
			thread.setDaemon(true);
			return thread;
		});
		return new LoadBalancerWarmer(services, loadBalancers::getInstance, executor, properties.warmLoadBalancers());
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

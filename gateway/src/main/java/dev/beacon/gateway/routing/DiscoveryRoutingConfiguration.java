package dev.beacon.gateway.routing;

import java.time.Clock;
import java.util.concurrent.Executor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.beacon.discovery.catalog.DiscoveredServices;
import dev.beacon.gateway.BeaconGatewayProperties;
import dev.beacon.gateway.exposure.ServiceExposure;

@Configuration(proxyBeanMethods = false)
class DiscoveryRoutingConfiguration {

	/** Name of the executor that builds LoadBalancer contexts ahead of their first request. */
	static final String WARMER_EXECUTOR = "beaconLoadBalancerWarmerExecutor";

	@Bean
	KnownServices knownServices(DiscoveredServices services, Environment environment,
			BeaconGatewayProperties properties, ObjectProvider<Clock> clock, DiscoveryClient discovery) {
		BeaconGatewayProperties.Exposure exposure = properties.exposure();
		KnownServices known = new KnownServices(services, environment.getProperty("spring.application.name", "gateway"),
				clock.getIfUnique(Clock::systemUTC), properties.vanishedServiceWindow(),
				new ServiceExposure(exposure.services(), exposure.hiddenServices(), exposure.metadata()),
				discovery::getInstances);
		services.subscribe(known);
		return known;
	}

	/**
	 * One thread, off the event loops: contexts are built one after the other, leaving the
	 * other cores to the requests. It takes tasks until the context stops it.
	 */
	@Bean(WARMER_EXECUTOR)
	ThreadPoolTaskExecutor beaconLoadBalancerWarmerExecutor() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setThreadNamePrefix("beacon-loadbalancer-warmer-");
		executor.setDaemon(true);
		executor.setAcceptTasksAfterContextClose(true);
		return executor;
	}

	@Bean
	LoadBalancerWarmer loadBalancerWarmer(DiscoveredServices services, LoadBalancerClientFactory loadBalancers,
			BeaconGatewayProperties properties, @Qualifier(WARMER_EXECUTOR) Executor executor) {
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

package dev.beacon.discovery.loadbalancer;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.beacon.discovery.RegistryUrlProperty;

/**
 * Turns Spring Cloud LoadBalancer's instance cache off by default when Beacon discovery is on:
 * Beacon's supplier is pushed every change, and a cache in front of it would only serve stale
 * lists (35 s by default). A user's own {@code spring.cloud.loadbalancer.cache.enabled} wins,
 * since this source comes last.
 */
class LoadBalancerCacheDefaults implements EnvironmentPostProcessor, Ordered {

	private static final String CACHE_ENABLED = "spring.cloud.loadbalancer.cache.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean beaconOn = environment.getProperty("beacon.discovery.enabled", Boolean.class, true)
				&& RegistryUrlProperty.isSet(environment);
		if (beaconOn) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("beaconLoadBalancerDefaults", Map.of(CACHE_ENABLED, "false")));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}

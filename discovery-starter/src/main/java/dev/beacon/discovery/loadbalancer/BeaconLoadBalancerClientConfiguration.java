package dev.beacon.discovery.loadbalancer;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.beacon.discovery.catalog.InstanceCatalog;

/**
 * Configuration of each load-balanced client: instances come straight from the catalog (no
 * LoadBalancer cache), then the decorators named in
 * {@code spring.cloud.loadbalancer.configurations} apply: {@code weighted} reads the
 * {@code weight} metadata, {@code zone-preference} prefers instances in
 * {@code spring.cloud.loadbalancer.zone} and falls back to all when none is there. Last come
 * the application's {@link InstanceListDecorator} beans.
 */
@Configuration(proxyBeanMethods = false)
public class BeaconLoadBalancerClientConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceInstanceListSupplier beaconServiceInstanceListSupplier(ConfigurableApplicationContext context,
			Environment environment, InstanceCatalog catalog) {
		String serviceId = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
		List<String> configurations = Arrays.stream(
				environment.getProperty("spring.cloud.loadbalancer.configurations", "default").split(","))
			.map(String::trim)
			.toList();
		ServiceInstanceListSupplierBuilder builder = ServiceInstanceListSupplier.builder()
			.withBase(new BeaconServiceInstanceListSupplier(serviceId, catalog));
		if (configurations.contains("weighted")) {
			builder.withWeighted();
		}
		if (configurations.contains("zone-preference")) {
			builder.withZonePreference();
		}
		context.getBeanProvider(InstanceListDecorator.class).orderedStream().forEach(builder::with);
		return builder.build(context);
	}

}

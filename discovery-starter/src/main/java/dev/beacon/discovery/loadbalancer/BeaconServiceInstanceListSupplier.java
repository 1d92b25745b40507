package dev.beacon.discovery.loadbalancer;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import dev.beacon.discovery.catalog.InstanceCatalog;

/**
 * The instances of one service for Spring Cloud LoadBalancer, straight from the push-fed
 * {@link InstanceCatalog}: the current list, then a new list on every change. No cache sits in
 * between, so a new instance takes traffic, and a removed one stops, as soon as the registry
 * says so.
 */
public class BeaconServiceInstanceListSupplier implements ServiceInstanceListSupplier {

	private final String serviceId;

	private final InstanceCatalog catalog;

	public BeaconServiceInstanceListSupplier(String serviceId, InstanceCatalog catalog) {
		this.serviceId = serviceId;
		this.catalog = catalog;
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return this.catalog.instanceChanges(this.serviceId.toLowerCase());
	}

}

package dev.beacon.discovery.catalog;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Spring Cloud's {@link DiscoveryClient} answered from the {@link InstanceCatalog}: no call to
 * the registry per lookup, and changes arrive as the registry pushes them.
 */
public class BeaconDiscoveryClient implements DiscoveryClient {

	private final InstanceCatalog catalog;

	public BeaconDiscoveryClient(InstanceCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public String description() {
		return "Beacon Discovery Client";
	}

	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		return this.catalog.instances(serviceId.toLowerCase());
	}

	@Override
	public List<String> getServices() {
		return this.catalog.serviceNames();
	}

	@Override
	public int getOrder() {
		return DiscoveryClient.DEFAULT_ORDER;
	}

}

package dev.beacon.discovery.catalog;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * Spring Cloud's {@link ReactiveDiscoveryClient} answered from the {@link InstanceCatalog},
 * without blocking the caller's thread.
 */
public class BeaconReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private final InstanceCatalog catalog;

	public BeaconReactiveDiscoveryClient(InstanceCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public String description() {
		return "Beacon Reactive Discovery Client";
	}

	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return this.catalog.current(() -> this.catalog.instances(serviceId.toLowerCase()))
			.flatMapIterable((instances) -> instances);
	}

	@Override
	public Flux<String> getServices() {
		return this.catalog.current(this.catalog::serviceNames).flatMapIterable((names) -> names);
	}

	@Override
	public int getOrder() {
		return ReactiveDiscoveryClient.DEFAULT_ORDER;
	}

}

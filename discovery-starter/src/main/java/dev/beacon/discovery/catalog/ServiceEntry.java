package dev.beacon.discovery.catalog;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;

import dev.beacon.client.Instance;

/**
 * One service's instances in the catalog, all statuses, and the subset that is up.
 */
record ServiceEntry(long revision, List<BeaconServiceInstance> instances, List<ServiceInstance> up) {

	static final ServiceEntry EMPTY = new ServiceEntry(0, List.of(), List.of());

	static ServiceEntry of(long revision, List<Instance> registered) {
		List<BeaconServiceInstance> all = registered.stream()
			.map(BeaconServiceInstance::new)
			.sorted((a, b) -> a.getInstanceId().compareTo(b.getInstanceId()))
			.toList();
		return new ServiceEntry(revision, all,
				all.stream().filter(BeaconServiceInstance::isUp).map(ServiceInstance.class::cast).toList());
	}

	List<ServiceInstance> offered(boolean onlyUp) {
		return onlyUp ? this.up : List.copyOf(this.instances);
	}

	boolean offersAny(boolean onlyUp) {
		return !(onlyUp ? this.up : this.instances).isEmpty();
	}

	boolean sameInstances(ServiceEntry other) {
		return this.instances.equals(other.instances);
	}

}

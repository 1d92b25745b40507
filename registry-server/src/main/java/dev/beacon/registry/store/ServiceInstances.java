package dev.beacon.registry.store;

import java.util.List;

/**
 * The instances of one service at one revision, read in one consistent step.
 *
 * @param service name of the service
 * @param revision the service's revision: it grows with every change of the service
 * @param instances the registered instances, whatever their status
 */
public record ServiceInstances(String service, long revision, List<Instance> instances) {

	public ServiceInstances {
		instances = List.copyOf(instances);
	}

}

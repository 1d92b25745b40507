package dev.beacon.client;

import java.util.List;

/**
 * The instances of one service at one revision, read in one consistent step: the answer to a
 * read of the service, and one service of a snapshot.
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

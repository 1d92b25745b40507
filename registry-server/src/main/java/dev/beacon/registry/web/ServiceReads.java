package dev.beacon.registry.web;

import reactor.core.publisher.Mono;

import dev.beacon.client.ServiceInstances;

/**
 * Reads of one service for the registry's interfaces other than HTTP, answered from the same
 * memory as plain HTTP reads: a read costs Redis nothing while the service is unchanged, and a
 * change is seen by the next read.
 */
public interface ServiceReads {

	/**
	 * One service's instances and revision, read consistently.
	 * @param service a valid service name
	 * @return the instances, whatever their status; none and revision 0 for a service never seen
	 */
	Mono<ServiceInstances> instances(String service);

}

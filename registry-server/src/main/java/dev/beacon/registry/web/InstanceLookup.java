package dev.beacon.registry.web;

import reactor.core.publisher.Mono;

import dev.beacon.client.Instance;
import dev.beacon.registry.store.InstanceStore;

/**
 * Finds one registered instance for the calls that read it, with their names validated first.
 */
final class InstanceLookup {

	private InstanceLookup() {
	}

	/**
	 * @param store the registry's store
	 * @param service the service, as the path gave it
	 * @param id the instance id, as the path gave it
	 * @return the instance; an {@link InvalidRequestException} for a name that is no valid name, a
	 * {@link NotFoundException} for an instance that is not registered
	 */
	static Mono<Instance> registered(InstanceStore store, String service, String id) {
		RequestValidator.service(service);
		RequestValidator.instanceId(id);
		return store.service(service)
			.flatMapIterable((instances) -> instances.instances())
			.filter((instance) -> instance.id().equals(id))
			.next()
			.switchIfEmpty(Mono.error(() -> NotFoundException.instance(service, id)));
	}

}

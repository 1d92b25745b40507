package dev.beacon.gateway.routing;

import java.util.List;

import dev.beacon.discovery.catalog.DiscoveredServices;

/**
 * The names of the services the gateway routes to: every service with at least one instance,
 * whatever their status, except the gateway itself. Read on every request: one volatile read
 * of the catalog's immutable set and one hash probe. Until the catalog's first snapshot, no
 * service is known: asking the registry would block the caller, an event-loop thread.
 */
class KnownServices {

	private final DiscoveredServices services;

	private final String ownName;

	KnownServices(DiscoveredServices services, String ownName) {
		this.services = services;
		this.ownName = ownName;
	}

	/**
	 * Whether the service is known.
	 * @param service the service name
	 * @return whether requests for it have somewhere to go
	 */
	boolean contains(String service) {
		return !this.ownName.equals(service) && this.services.names().contains(service);
	}

	/**
	 * The names, sorted.
	 * @return the names now
	 */
	List<String> names() {
		return this.services.names().stream().filter((name) -> !this.ownName.equals(name)).sorted().toList();
	}

}

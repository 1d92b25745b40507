package dev.beacon.registry.store;

import java.util.List;

import dev.beacon.client.ServiceInstances;

/**
 * Every instance of a set of services, and the change log position the snapshot is valid at:
 * applying the events after that position to the snapshot gives the current state.
 *
 * @param position last change log position included in the snapshot
 * @param services the services with their instances
 */
public record Snapshot(LogPosition position, List<ServiceInstances> services) implements LogItem {

	public Snapshot {
		services = List.copyOf(services);
	}

}

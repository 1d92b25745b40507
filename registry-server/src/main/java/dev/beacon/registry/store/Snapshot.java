package dev.beacon.registry.store;

import java.util.List;

import dev.beacon.client.ServiceInstances;

/**
 * Every instance of a set of services, and where in the change log the snapshot is valid:
 * applying the events after that cursor to the snapshot gives the current state.
 *
 * @param cursor last change log position of each partition included in the snapshot
 * @param services the services with their instances
 */
public record Snapshot(LogCursor cursor, List<ServiceInstances> services) implements LogItem {

	public Snapshot {
		services = List.copyOf(services);
	}

}

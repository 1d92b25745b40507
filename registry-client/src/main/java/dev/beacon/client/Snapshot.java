package dev.beacon.client;

import java.util.List;

/**
 * Every instance of the watched services at one position of the change log: applying the
 * changes after that position gives the current state. It replaces everything a watcher knew
 * of those services.
 *
 * @param position where in the change log the snapshot stands, as the change stream's event ids
 * write it (opaque to clients)
 * @param services the services
 */
public record Snapshot(String position, List<ServiceInstances> services) {

	public Snapshot {
		services = List.copyOf(services);
	}

}

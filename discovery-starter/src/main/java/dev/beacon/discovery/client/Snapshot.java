package dev.beacon.discovery.client;

import java.util.List;

/**
 * Every instance of the watched services at one position of the change log.
 *
 * @param position the change log position
 * @param services the services
 */
public record Snapshot(String position, List<ServiceState> services) {
}

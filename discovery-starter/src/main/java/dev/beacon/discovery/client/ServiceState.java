package dev.beacon.discovery.client;

import java.util.List;

/**
 * One service's instances at one revision, as the registry answers a read or sends in a
 * snapshot.
 *
 * @param service name of the service
 * @param revision the service's revision
 * @param instances its instances, whatever their status
 */
public record ServiceState(String service, long revision, List<RegistryInstance> instances) {
}

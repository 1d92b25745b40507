package dev.beacon.registry.store;

/**
 * Every instance of a set of services, and the change log position the snapshot is valid at:
 * applying the events after that position to the snapshot gives the current state. The
 * services come as JSON, spliced from the stored documents: a snapshot of a whole catalog is
 * sent as it was read, and decoding then encoding 100,000 instances cost more than reading them.
 *
 * @param position last change log position included in the snapshot
 * @param servicesJson a JSON array of the services with their instances, each as
 * {@link ServiceInstances} is written
 */
public record Snapshot(LogPosition position, String servicesJson) implements LogItem {

}

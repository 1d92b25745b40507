package dev.beacon.registry.store;

import dev.beacon.client.Change;
import dev.beacon.client.ChangeType;
import dev.beacon.client.Instance;

/**
 * One change of the registry, as recorded in the change log.
 *
 * @param partition the partition whose change stream holds the event: its service's
 * @param position the event's id in its partition's stream; positions grow with time
 * @param type what happened
 * @param revision the service's revision after the change
 * @param instance the instance as it stands after the change (as it stood before, for a removal)
 */
public record ChangeEvent(int partition, LogPosition position, ChangeType type, long revision, Instance instance) implements LogItem {

	public String service() {
		return this.instance.service();
	}

	/**
	 * The change as the change stream sends it, without its position (the event's id).
	 * @return the change
	 */
	public Change change() {
		return new Change(this.type, this.revision, this.instance);
	}

}

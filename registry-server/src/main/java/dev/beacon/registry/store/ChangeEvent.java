package dev.beacon.registry.store;

/**
 * One change of the registry, as recorded in the change log.
 *
 * @param position the event's id in the change log; positions grow with time
 * @param type what happened
 * @param revision the service's revision after the change
 * @param instance the instance as it stands after the change (as it stood before, for a removal)
 */
public record ChangeEvent(LogPosition position, ChangeType type, long revision, Instance instance) implements LogItem {

	public String service() {
		return this.instance.service();
	}

}

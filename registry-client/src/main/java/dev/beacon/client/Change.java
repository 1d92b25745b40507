package dev.beacon.client;

/**
 * One change of the registry, as the change stream sends it.
 *
 * @param type what happened
 * @param revision the service's revision after the change
 * @param instance the instance as it stands after the change (as it stood before, for a
 * removal)
 */
public record Change(ChangeType type, long revision, Instance instance) {

	public String service() {
		return this.instance.service();
	}

	public String id() {
		return this.instance.id();
	}

	public boolean removesInstance() {
		return this.type.removesInstance();
	}

}

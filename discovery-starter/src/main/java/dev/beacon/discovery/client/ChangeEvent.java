package dev.beacon.discovery.client;

/**
 * One change from the registry's change stream.
 *
 * @param type {@code register}, {@code status}, {@code deregister} or {@code expire}
 * @param service the service
 * @param id the instance id
 * @param revision the service's revision after the change
 * @param instance the instance after the change (before it, for a removal)
 */
public record ChangeEvent(String type, String service, String id, long revision, RegistryInstance instance) {

	public boolean removesInstance() {
		return "deregister".equals(this.type) || "expire".equals(this.type);
	}

}

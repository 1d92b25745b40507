package dev.beacon.registry.store;

/**
 * Names of the registry's Redis keys. Keys of one service share the service name as a Redis
 * Cluster hash tag; the scripts build the same names (see {@code scripts/lib.lua}).
 *
 * @param prefix prefix of every key
 */
public record RedisKeys(String prefix) {

	public String events() {
		return this.prefix + ":events";
	}

	public String leases() {
		return this.prefix + ":leases";
	}

	public String services() {
		return this.prefix + ":services";
	}

	public String servicesUp() {
		return this.prefix + ":services:up";
	}

	public String instances(String service) {
		return serviceKey(service, "instances");
	}

	public String revision(String service) {
		return serviceKey(service, "rev");
	}

	private String serviceKey(String service, String suffix) {
		return this.prefix + ":{" + service + "}:" + suffix;
	}

}

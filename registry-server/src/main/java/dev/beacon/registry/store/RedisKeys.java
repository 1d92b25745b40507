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

	/** The identity of the data Redis holds: it changes when Redis loses its data. */
	public String epoch() {
		return this.prefix + ":epoch";
	}

	/** When a reaper last ran, on Redis's clock: a long gap means an outage. */
	public String reaperLastRun() {
		return this.prefix + ":reaper:last-run";
	}

	/** When the last outage ended: each lease gets one full term from then. */
	public String reaperResumed() {
		return this.prefix + ":reaper:resumed";
	}

	/** A short stream of the outages the reapers saw, for operators. */
	public String outages() {
		return this.prefix + ":outages";
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

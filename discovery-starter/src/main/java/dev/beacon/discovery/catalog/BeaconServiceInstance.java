package dev.beacon.discovery.catalog;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;

import dev.beacon.client.Instance;
import dev.beacon.client.ServiceInstances;

/**
 * An instance known to Beacon, as Spring Cloud sees it. Its metadata carries the registered
 * metadata plus {@code zone} and {@code weight} under the keys Spring Cloud LoadBalancer's
 * zone-preference and weighted suppliers read, and the status under {@code beacon.status}.
 */
public final class BeaconServiceInstance implements ServiceInstance {

	/** Metadata key of the instance's status. */
	public static final String STATUS = "beacon.status";

	private final Instance instance;

	private final Map<String, String> metadata;

	private final URI uri;

	BeaconServiceInstance(Instance instance) {
		this.instance = instance;
		Map<String, String> all = new HashMap<>(instance.metadata());
		if (instance.zone() != null) {
			all.put("zone", instance.zone());
		}
		all.put("weight", Integer.toString(instance.weight()));
		all.put(STATUS, instance.status().name());
		this.metadata = Map.copyOf(all);
		this.uri = URI.create((instance.secure() ? "https" : "http") + "://" + hostForUri(instance.host()) + ":"
				+ instance.port());
	}

	/**
	 * The instances of a service, as read from the registry, that discovery offers.
	 * @param state the service as the registry answered a read
	 * @param onlyUp whether only {@code UP} instances are offered
	 * @return the instances, sorted by id
	 */
	public static List<ServiceInstance> offered(ServiceInstances state, boolean onlyUp) {
		return ServiceEntry.of(state.revision(), state.instances()).offered(onlyUp);
	}

	private static String hostForUri(String host) {
		return (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
	}

	@Override
	public String getInstanceId() {
		return this.instance.id();
	}

	@Override
	public String getServiceId() {
		return this.instance.service();
	}

	@Override
	public String getHost() {
		return this.instance.host();
	}

	@Override
	public int getPort() {
		return this.instance.port();
	}

	@Override
	public boolean isSecure() {
		return this.instance.secure();
	}

	@Override
	public URI getUri() {
		return this.uri;
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	@Override
	public String getScheme() {
		return this.instance.secure() ? "https" : "http";
	}

	public String getStatus() {
		return this.instance.status().name();
	}

	public @Nullable String getZone() {
		return this.instance.zone();
	}

	Instance instance() {
		return this.instance;
	}

	boolean isUp() {
		return this.instance.isUp();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof BeaconServiceInstance that && this.instance.equals(that.instance);
	}

	@Override
	public int hashCode() {
		return this.instance.hashCode();
	}

	@Override
	public String toString() {
		return this.instance.service() + "/" + this.instance.id() + "@" + this.uri + " " + this.instance.status();
	}

}

package dev.beacon.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One registered instance of a service, as the registry describes it.
 *
 * @param service name of the service
 * @param id instance id, unique within the service
 * @param host host name or address clients connect to
 * @param port port clients connect to
 * @param secure whether clients connect with TLS
 * @param status whether the instance takes traffic
 * @param zone zone the instance runs in, or {@code null}
 * @param weight share of traffic relative to the other instances
 * @param metadata free-form string pairs
 * @param ttlSeconds lease time: without a heartbeat for this long the instance is evicted
 * @param check health check the registry runs against the instance, or {@code null} for none
 */
public record Instance(String service, String id, String host, int port, boolean secure, InstanceStatus status,
		@Nullable String zone, int weight, Map<String, String> metadata, int ttlSeconds, @Nullable Check check) {

	public Instance {
		metadata = Map.copyOf(metadata);
	}

	/**
	 * An instance without a health check.
	 * @param service name of the service
	 * @param id instance id, unique within the service
	 * @param host host name or address clients connect to
	 * @param port port clients connect to
	 * @param secure whether clients connect with TLS
	 * @param status whether the instance takes traffic
	 * @param zone zone the instance runs in, or {@code null}
	 * @param weight share of traffic relative to the other instances
	 * @param metadata free-form string pairs
	 * @param ttlSeconds lease time: without a heartbeat for this long the instance is evicted
	 */
	public Instance(String service, String id, String host, int port, boolean secure, InstanceStatus status,
			@Nullable String zone, int weight, Map<String, String> metadata, int ttlSeconds) {
		this(service, id, host, port, secure, status, zone, weight, metadata, ttlSeconds, null);
	}

	public boolean isUp() {
		return this.status == InstanceStatus.UP;
	}

	/**
	 * This instance with another status.
	 * @param newStatus the status
	 * @return the instance, changed
	 */
	public Instance withStatus(InstanceStatus newStatus) {
		return new Instance(this.service, this.id, this.host, this.port, this.secure, newStatus, this.zone,
				this.weight, this.metadata, this.ttlSeconds, this.check);
	}

}

package dev.beacon.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an instance registers: the body of a registration call. The registry fills in what is
 * left out: status {@code UP} and its default lease.
 *
 * @param host host other services connect to
 * @param port port other services connect to
 * @param secure whether they connect with TLS
 * @param status initial status, or {@code null} for {@code UP}
 * @param zone zone, or {@code null}
 * @param weight share of traffic relative to the other instances
 * @param metadata free-form string pairs
 * @param ttlSeconds lease asked for, or {@code null} for the registry's default
 * @param check health check the registry runs against the instance, or {@code null} for none
 */
public record Registration(String host, int port, boolean secure, @Nullable InstanceStatus status,
		@Nullable String zone, int weight, Map<String, String> metadata, @Nullable Integer ttlSeconds,
		@Nullable Check check) {

	public Registration {
		metadata = Map.copyOf(metadata);
	}

	/**
	 * A registration without a health check.
	 * @param host host other services connect to
	 * @param port port other services connect to
	 * @param secure whether they connect with TLS
	 * @param status initial status, or {@code null} for {@code UP}
	 * @param zone zone, or {@code null}
	 * @param weight share of traffic relative to the other instances
	 * @param metadata free-form string pairs
	 * @param ttlSeconds lease asked for, or {@code null} for the registry's default
	 */
	public Registration(String host, int port, boolean secure, @Nullable InstanceStatus status, @Nullable String zone,
			int weight, Map<String, String> metadata, @Nullable Integer ttlSeconds) {
		this(host, port, secure, status, zone, weight, metadata, ttlSeconds, null);
	}

	/**
	 * A registration with the usual defaults: not secure, no zone, weight 1, no metadata.
	 * @param host host other services connect to
	 * @param port port other services connect to
	 * @return the registration
	 */
	public static Registration of(String host, int port) {
		return new Registration(host, port, false, null, null, 1, Map.of(), null);
	}

	/**
	 * This registration with a health check that the registry runs.
	 * @param healthCheck the check
	 * @return the registration, changed
	 */
	public Registration withCheck(Check healthCheck) {
		return new Registration(this.host, this.port, this.secure, this.status, this.zone, this.weight, this.metadata,
				this.ttlSeconds, healthCheck);
	}

}

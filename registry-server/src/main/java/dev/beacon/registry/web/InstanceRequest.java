package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import java.util.Map;

/**
 * Body of a registration. Missing fields take their defaults: not secure, status {@code UP},
 * no zone, weight 1, no metadata, the server's default lease.
 *
 * @param host host name or address clients connect to (required)
 * @param port port clients connect to (required)
 * @param secure whether clients connect with TLS
 * @param status initial status
 * @param zone zone the instance runs in
 * @param weight share of traffic relative to other instances
 * @param metadata free-form string pairs
 * @param ttlSeconds lease time
 * @param check health check the registry runs against the instance
 */
record InstanceRequest(@Nullable String host, @Nullable Integer port, @Nullable Boolean secure,
		@Nullable String status, @Nullable String zone, @Nullable Integer weight,
		@Nullable Map<String, @Nullable String> metadata, @Nullable Integer ttlSeconds, @Nullable CheckRequest check) {

	/**
	 * A health check as registered: durations as text ({@code 500ms}, {@code 10s}, {@code 5m}).
	 *
	 * @param http path of an HTTP check on the instance's own host and port
	 * @param tcp whether the check only connects to the instance's port
	 * @param interval time between two runs
	 * @param timeout longest a run may take
	 * @param deregisterAfter how long the check may fail before the instance is removed
	 */
	record CheckRequest(@Nullable String http, @Nullable Boolean tcp, @Nullable String interval,
			@Nullable String timeout, @Nullable String deregisterAfter) {
	}

}

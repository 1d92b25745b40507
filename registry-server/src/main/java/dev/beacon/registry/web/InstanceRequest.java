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
 */
record InstanceRequest(@Nullable String host, @Nullable Integer port, @Nullable Boolean secure,
		@Nullable String status, @Nullable String zone, @Nullable Integer weight,
		@Nullable Map<String, @Nullable String> metadata, @Nullable Integer ttlSeconds) {
}

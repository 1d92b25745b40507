package dev.beacon.discovery.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Body of a registration call.
 *
 * @param host host other services connect to
 * @param port port other services connect to
 * @param secure whether they connect with TLS
 * @param status initial status
 * @param zone zone, or {@code null}
 * @param weight share of traffic
 * @param metadata metadata
 * @param ttlSeconds lease asked for
 */
public record RegistrationRequest(String host, int port, boolean secure, String status, @Nullable String zone,
		int weight, Map<String, String> metadata, long ttlSeconds) {
}

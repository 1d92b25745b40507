package dev.beacon.discovery.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An instance as the registry describes it.
 *
 * @param service name of the service
 * @param id instance id
 * @param host host to connect to
 * @param port port to connect to
 * @param secure whether to connect with TLS
 * @param status {@code UP}, {@code DOWN}, {@code STARTING} or {@code OUT_OF_SERVICE}
 * @param zone zone the instance runs in
 * @param weight share of traffic
 * @param metadata registered metadata
 * @param ttlSeconds the instance's lease
 */
public record RegistryInstance(String service, String id, String host, int port, boolean secure, String status,
		@Nullable String zone, int weight, @Nullable Map<String, String> metadata, int ttlSeconds) {

	public boolean isUp() {
		return "UP".equals(this.status);
	}

}

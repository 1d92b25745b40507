package dev.beacon.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failure handling of the gateway, under {@code beacon.gateway}.
 *
 * @param retries How many other instances a failed request may be tried on
 * @param ejection How long an instance that refused a connection is skipped, even before the
 * registry drops it
 */
@ConfigurationProperties("beacon.gateway")
public record BeaconGatewayProperties(@DefaultValue("2") int retries, @DefaultValue("10s") Duration ejection) {

	public BeaconGatewayProperties {
		if (retries < 0) {
			throw new IllegalArgumentException("beacon.gateway.retries must be 0 or more");
		}
		if (ejection.isNegative()) {
			throw new IllegalArgumentException("beacon.gateway.ejection must not be negative");
		}
	}

}

package dev.beacon.discovery.registration;

import java.time.Duration;

import dev.beacon.discovery.BeaconDiscoveryProperties;

/**
 * How long a confirmed drain still lets the instance serve: the registry confirms that every
 * watcher has the deregistration, not that every client applied it, and a request a client
 * chose a moment before applying it is still on its way.
 */
final class DrainMargin {

	private DrainMargin() {
	}

	/**
	 * @param properties the starter's settings
	 * @return {@code beacon.discovery.drain-margin}, within {@code beacon.discovery.drain}
	 */
	static Duration of(BeaconDiscoveryProperties properties) {
		Duration margin = properties.drainMargin();
		return (margin.compareTo(properties.drain()) < 0) ? margin : properties.drain();
	}

}

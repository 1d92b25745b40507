package dev.beacon.client;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link ChangeStream} follows the registry.
 *
 * @param services the services to watch; empty for all
 * @param reconnectMin first delay before reconnecting a broken stream; it doubles at each
 * failure in a row
 * @param reconnectMax longest delay between two reconnection attempts
 * @param idleTimeout time without any line from the registry (it sends keep-alives every 15 s
 * by default) after which the stream counts as dead and is reconnected
 */
public record WatchSettings(List<String> services, Duration reconnectMin, Duration reconnectMax,
		Duration idleTimeout) {

	public WatchSettings {
		services = List.copyOf(services);
		if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
			throw new IllegalArgumentException("reconnectMin must be positive and at most reconnectMax");
		}
		if (idleTimeout.toMillis() < 3) {
			throw new IllegalArgumentException("idleTimeout must be at least 3 ms");
		}
	}

	/**
	 * Every service, reconnecting after 100 ms to 10 s, dead after 45 s without a line.
	 * @return the settings
	 */
	public static WatchSettings defaults() {
		return new WatchSettings(List.of(), Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(45));
	}

}

package dev.beacon.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Failure handling and load balancing of the gateway, under {@code beacon.gateway}.
 *
 * @param retries How many other instances a failed request may be tried on
 * @param ejection How long an instance that refused a connection is skipped, even before the
 * registry drops it
 * @param warmLoadBalancers How many services that appear after start get their LoadBalancer
 * context built ahead of their first request; later ones are built on first use (each holds
 * about 300 KB of heap)
 * @param connectTimeout How long connecting to an instance may take before the request fails
 * over to another instance
 * @param eventLoops How many Netty event loops serve requests and proxy them (both share
 * them); 0 for one per available processor. Reactor Netty's own default (at least 4) cost
 * more CPU per request on 2 cores. They run on epoll (NIO where there is none)
 * @param bufferedResponseLimit Answers up to this size (by their Content-Length) are read whole
 * and sent on with headers and body in one write, as nginx buffers proxied answers; larger
 * answers and those without a length (streams) pass through as they arrive. 0 to stream all
 * @param forwardManagementPaths Whether requests on an instance's management paths (its
 * Actuator, under the {@code management.context-path} of its metadata) are forwarded to it;
 * off, the public side of the gateway answers them {@code 404}
 * @param tuning Which of the gateway's replacements of Spring Cloud Gateway and Reactor Netty
 * parts are in place
 * @param vanishedServiceWindow How long after a service's last instance left its requests are
 * still answered {@code 503} naming it (no instance available) rather than {@code 404}
 * @param exposure Which services the public side routes to
 */
@ConfigurationProperties("beacon.gateway")
public record BeaconGatewayProperties(@DefaultValue("2") int retries, @DefaultValue("10s") Duration ejection,
		@DefaultValue("100") int warmLoadBalancers, @DefaultValue("1s") Duration connectTimeout,
		@DefaultValue("0") int eventLoops,
		@DefaultValue("32KB") DataSize bufferedResponseLimit, @DefaultValue("false") boolean forwardManagementPaths,
		@DefaultValue Tuning tuning, @DefaultValue("5m") Duration vanishedServiceWindow,
		@DefaultValue Exposure exposure) {

	public BeaconGatewayProperties {
		if (vanishedServiceWindow.isNegative()) {
			throw new IllegalArgumentException("beacon.gateway.vanished-service-window must not be negative");
		}
		if (retries < 0) {
			throw new IllegalArgumentException("beacon.gateway.retries must be 0 or more");
		}
		if (ejection.isNegative()) {
			throw new IllegalArgumentException("beacon.gateway.ejection must not be negative");
		}
		if (warmLoadBalancers < 0) {
			throw new IllegalArgumentException("beacon.gateway.warm-load-balancers must be 0 or more");
		}
		if (connectTimeout.toMillis() < 1 || connectTimeout.toMillis() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"beacon.gateway.connect-timeout must be at least 1ms and at most " + Integer.MAX_VALUE + "ms");
		}
		if (eventLoops < 0) {
			throw new IllegalArgumentException("beacon.gateway.event-loops must be 0 (one per processor) or more");
		}
		if (bufferedResponseLimit.isNegative() || bufferedResponseLimit.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"beacon.gateway.buffered-response-limit must be 0 or more and at most " + Integer.MAX_VALUE + "B");
		}
	}

	/**
	 * The gateway's replacements of Reactor Netty and Spring Cloud Gateway parts, each kept
	 * because it measurably pays. Off, the stock part runs; the master switch off gives stock
	 * behaviour everywhere, whatever the others say.
	 *
	 * @param enabled Whether any replacement is in place; off, Spring Cloud Gateway and Reactor
	 * Netty run as they come
	 * @param eventLoops Whether the server and the proxy client share the gateway's own event
	 * loops ({@code beacon.gateway.event-loops}) instead of
	 * Reactor Netty's
	 * @param connectionPools Whether the proxy client keeps one connection pool per event loop
	 * @param responseBuffering Whether small answers are sent in one write
	 * ({@code beacon.gateway.buffered-response-limit})
	 */
	public record Tuning(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean eventLoops,
			@DefaultValue("true") boolean connectionPools, @DefaultValue("true") boolean responseBuffering) {

	}

	/**
	 * Which services the public side of the gateway routes to; the others are answered
	 * {@code 404} as unknown ones are.
	 *
	 * @param services Name patterns of the services routed to ({@code *} for any run of
	 * characters)
	 * @param hiddenServices Name patterns of services never routed to, whatever else says
	 * @param metadata Entries an instance must carry, all of them, for its service to be routed
	 * to (for example {@code gateway=public}); none for no such rule
	 */
	public record Exposure(@DefaultValue("*") List<String> services, @DefaultValue List<String> hiddenServices,
			@DefaultValue Map<String, String> metadata) {

		private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9*._-]+");

		public Exposure {
			check(services, "beacon.gateway.exposure.services");
			check(hiddenServices, "beacon.gateway.exposure.hidden-services");
		}

		private static void check(List<String> patterns, String property) {
			for (String pattern : patterns) {
				if (!NAME_PATTERN.matcher(pattern).matches()) {
					throw new IllegalArgumentException(property + " holds '" + pattern + "', which is neither a "
							+ "service name nor a pattern of one ('*' for any run of characters)");
				}
			}
		}

	}

}

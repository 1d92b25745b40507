package dev.beacon.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of Beacon discovery and registration, under {@code beacon.discovery}.
 *
 * @param enabled Whether Beacon discovery and registration are on
 * @param registryUrl Registry servers to use, tried in turn (comma-separated)
 * @param token Bearer token sent to the registry; needs the write role to register and the read
 * role to discover
 * @param serviceName Name to register under; defaults to spring.application.name, lower-cased
 * @param instanceId Id of this instance; defaults to service:host:port
 * @param host Host other services connect to; detected when not set
 * @param preferIpAddress Whether to register the detected IP address instead of the host name
 * @param port Port other services connect to; the web server's port when not set
 * @param secure Whether other services connect with TLS
 * @param zone Zone this instance runs in, read by LoadBalancer's zone preference
 * @param weight Share of traffic relative to other instances, read by LoadBalancer's weighted
 * balancing
 * @param metadata Extra metadata to register
 * @param register Whether to register this application; discovery works either way
 * @param heartbeatInterval Time between two heartbeats
 * @param leaseTtl Lease the registry keeps without a heartbeat; several heartbeat intervals
 * @param drain Time between deregistration and the web server's graceful shutdown, so that
 * clients stop sending requests before the server stops taking them
 * @param confirmDrain Whether the drain ends as soon as the registry confirms that every
 * watcher heard of the deregistration; when false the whole drain is waited out, for clients
 * that do not watch the registry, such as DNS resolvers or pollers of its API
 * @param drainMargin Time the instance still serves after the registry confirmed the
 * deregistration: a watcher that has the change may not have applied it yet, and a request its
 * client chose just before still finds the instance; within the drain
 * @param failFast Whether the application fails to start when no registry accepts its
 * registration
 * @param onlyUp Whether discovery returns only instances whose status is UP
 * @param initialWait Longest time a first discovery call waits for the registry's snapshot
 * before reading the registry directly
 * @param requestTimeout Timeout of one call to a registry server
 * @param watch Settings of the change stream
 * @param check A health check the registry runs against this instance, besides its heartbeats
 * @param ssl How HTTPS connections to the registry trust it and present a client certificate
 */
@ConfigurationProperties("beacon.discovery")
public record BeaconDiscoveryProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<URI> registryUrl,
		@Nullable String token, @Nullable String serviceName, @Nullable String instanceId, @Nullable String host,
		@DefaultValue("false") boolean preferIpAddress, @Nullable Integer port, @DefaultValue("false") boolean secure,
		@Nullable String zone, @DefaultValue("1") int weight, @DefaultValue Map<String, String> metadata,
		@DefaultValue("true") boolean register, @DefaultValue("5s") Duration heartbeatInterval,
		@DefaultValue("15s") Duration leaseTtl, @DefaultValue("2s") Duration drain,
		@DefaultValue("true") boolean confirmDrain, @DefaultValue("250ms") Duration drainMargin,
		@DefaultValue("false") boolean failFast, @DefaultValue("true") boolean onlyUp,
		@DefaultValue("5s") Duration initialWait, @DefaultValue("3s") Duration requestTimeout,
		@DefaultValue Watch watch, @DefaultValue Ssl ssl, @DefaultValue Check check) {

	public BeaconDiscoveryProperties {
		for (URI url : registryUrl) {
			if (url.getScheme() == null || !url.getScheme().startsWith("http") || url.getHost() == null) {
				throw new IllegalArgumentException("beacon.discovery.registry-url must list http(s) URLs such as "
						+ "http://localhost:8700, not '" + url + "'");
			}
		}
		if (leaseTtl.compareTo(heartbeatInterval) <= 0) {
			throw new IllegalArgumentException(
					"beacon.discovery.lease-ttl must be longer than beacon.discovery.heartbeat-interval");
		}
		if (drainMargin.isNegative()) {
			throw new IllegalArgumentException("beacon.discovery.drain-margin must not be negative");
		}
		if (weight < 0 || weight > 10_000) {
			throw new IllegalArgumentException("beacon.discovery.weight must lie between 0 and 10000");
		}
	}

	/**
	 * @param reconnectMin First delay before reconnecting a broken change stream
	 * @param reconnectMax Longest delay between two reconnection attempts
	 * @param idleTimeout Time without any line from the registry (it sends keep-alives every 15
	 * s) after which the stream is considered dead and reconnected
	 */
	public record Watch(@DefaultValue("100ms") Duration reconnectMin, @DefaultValue("10s") Duration reconnectMax,
			@DefaultValue("45s") Duration idleTimeout) {
	}

	/**
	 * @param enabled Whether the registration asks the registry to check this instance's health
	 * endpoint over HTTP, so that it sees a process that still sends heartbeats but no longer
	 * answers; failures turn the instance DOWN whatever its heartbeats say
	 * @param path Path the registry requests on this instance's own port; Actuator's health
	 * endpoint (under {@code management.context-path}) when not set
	 * @param interval Time between two checks
	 * @param timeout Longest a check may take; longer fails
	 * @param deregisterAfter How long the check may fail before the registry removes the
	 * instance; never when not set (the lease, kept by heartbeats, decides)
	 */
	public record Check(@DefaultValue("false") boolean enabled, @Nullable String path,
			@DefaultValue("10s") Duration interval, @DefaultValue("2s") Duration timeout,
			@Nullable Duration deregisterAfter) {

		public Check {
			if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
				throw new IllegalArgumentException("beacon.discovery.check.timeout must be positive and at most "
						+ "beacon.discovery.check.interval (" + interval + ")");
			}
		}

	}

	/**
	 * @param bundle Name of the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) whose trust
	 * store the HTTPS connections to the registry trust, and whose key store, if any, gives the
	 * client certificate for mutual TLS; the JVM's defaults when not set
	 */
	public record Ssl(@Nullable String bundle) {
	}

}

package dev.beacon.registry;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the registry server, under {@code beacon.registry}.
 *
 * @param keyPrefix Prefix of every Redis key the registry writes, so that several registries
 * (or other applications) can share one Redis
 * @param lease Lease settings
 * @param reaper Settings of the task that evicts expired leases
 * @param changeLog Settings of the change log kept in a Redis Stream
 * @param watch Settings of the watch stream and blocking queries
 * @param readCache Settings of the memory that answers plain reads of a service between two
 * of its changes
 * @param redis How the registry's connections to Redis recover
 * @param dns Settings of the DNS interface, which answers for the services' instances
 * @param checks Settings of the health checks that registry servers run against instances
 */
@ConfigurationProperties("beacon.registry")
public record RegistryProperties(@DefaultValue("beacon") String keyPrefix, @DefaultValue Lease lease,
		@DefaultValue Reaper reaper, @DefaultValue ChangeLog changeLog, @DefaultValue Watch watch,
		@DefaultValue ReadCache readCache, @DefaultValue Redis redis, @DefaultValue Dns dns,
		@DefaultValue Checks checks) {

	public RegistryProperties {
		if (keyPrefix.isBlank() || keyPrefix.contains("{") || keyPrefix.contains("}")) {
			throw new IllegalArgumentException(
					"beacon.registry.key-prefix must be non-blank and must not contain '{' or '}'");
		}
	}

	/**
	 * @param defaultTtl Lease time of an instance that registers without {@code ttlSeconds}
	 * @param maxTtl Longest lease an instance may ask for
	 */
	public record Lease(@DefaultValue("15s") Duration defaultTtl, @DefaultValue("1h") Duration maxTtl) {

		public Lease {
			if (defaultTtl.toSeconds() < 1 || defaultTtl.compareTo(maxTtl) > 0) {
				throw new IllegalArgumentException(
						"beacon.registry.lease.default-ttl must lie between 1s and beacon.registry.lease.max-ttl");
			}
		}

	}

	/**
	 * @param interval Time between two runs of the reaper on this server
	 * @param batchSize Most instances evicted by one Redis call; a run repeats while a batch
	 * comes back full
	 * @param outageAfter Time without a reaper run on any server after which Redis, or every
	 * registry server, counts as having been away: each lease then gets one full term from the
	 * return before it may be evicted, since no instance could renew meanwhile
	 * @param maxExpiryShare Largest share of a service's instances that may expire within one
	 * expiry window; the others are kept past their lease until the window ends (at least one
	 * instance may always expire). 1 lets every lease expire
	 * @param expiryWindow The window of max-expiry-share
	 */
	public record Reaper(@DefaultValue("1s") Duration interval, @DefaultValue("500") int batchSize,
			@DefaultValue("5s") Duration outageAfter, @DefaultValue("0.5") double maxExpiryShare,
			@DefaultValue("15s") Duration expiryWindow) {

		public Reaper {
			if (interval.isNegative() || interval.isZero()) {
				throw new IllegalArgumentException("beacon.registry.reaper.interval must be positive");
			}
			if (batchSize < 1) {
				throw new IllegalArgumentException("beacon.registry.reaper.batch-size must be at least 1");
			}
			if (outageAfter.compareTo(interval.multipliedBy(2)) < 0) {
				throw new IllegalArgumentException(
						"beacon.registry.reaper.outage-after must be at least twice beacon.registry.reaper.interval");
			}
			if (!(maxExpiryShare > 0 && maxExpiryShare <= 1)) {
				throw new IllegalArgumentException(
						"beacon.registry.reaper.max-expiry-share must be more than 0 and at most 1");
			}
			if (expiryWindow.toMillis() < 1) {
				throw new IllegalArgumentException("beacon.registry.reaper.expiry-window must be at least 1ms");
			}
		}

	}

	/**
	 * @param maxLength Approximate number of events the change log retains, shared evenly by the
	 * partitions' streams; a watcher that resumes from an older position receives a snapshot
	 * instead
	 */
	public record ChangeLog(@DefaultValue("10000") long maxLength) {

		public ChangeLog {
			if (maxLength < 100) {
				throw new IllegalArgumentException("beacon.registry.change-log.max-length must be at least 100");
			}
		}

	}

	/**
	 * @param keepAlive Interval of the comment lines that keep an idle watch stream open
	 * @param bufferSize Events buffered for one slow watcher before it is disconnected (it
	 * resumes without loss from its last event id)
	 * @param defaultWait How long a blocking query waits when it gives an index but no wait
	 * @param maxWait Longest wait a blocking query may ask for
	 * @param retryInterval Time between two attempts to read the change log while Redis cannot
	 * be reached; watchers receive live events again once it can
	 * @param maxOpen Most watch streams and blocking queries one server holds open at once;
	 * beyond it a new one is refused {@code 503}, and its client tries another server
	 * @param maxOpenPerToken Most watch streams and blocking queries one token holds open on one
	 * server at once; beyond it a new one is refused {@code 429}
	 */
	public record Watch(@DefaultValue("15s") Duration keepAlive, @DefaultValue("1024") int bufferSize,
			@DefaultValue("30s") Duration defaultWait, @DefaultValue("5m") Duration maxWait,
			@DefaultValue("1s") Duration retryInterval, @DefaultValue("20000") int maxOpen,
			@DefaultValue("10000") int maxOpenPerToken) {

		public Watch {
			if (bufferSize < 16) {
				throw new IllegalArgumentException("beacon.registry.watch.buffer-size must be at least 16");
			}
			if (defaultWait.compareTo(maxWait) > 0) {
				throw new IllegalArgumentException(
						"beacon.registry.watch.default-wait must not exceed beacon.registry.watch.max-wait");
			}
			if (retryInterval.isNegative() || retryInterval.isZero()) {
				throw new IllegalArgumentException("beacon.registry.watch.retry-interval must be positive");
			}
			if (maxOpen < 1 || maxOpenPerToken < 1) {
				throw new IllegalArgumentException(
						"beacon.registry.watch.max-open and beacon.registry.watch.max-open-per-token must be at least 1");
			}
		}

	}

	/**
	 * @param reconnectMax Longest wait between two attempts of a broken Redis connection to
	 * reconnect (the waits double from 10 ms up to it), on every connection the registry uses:
	 * bounds how long after a failover or restart the registry is back. Lettuce's own cap is 30 s
	 * @param partitions How many partitions the registry's keys are split into, each with its own
	 * leases, service index and change stream in one hash slot: on Redis Cluster they spread over
	 * the primaries. 0 chooses: 8 on Redis Cluster, 1 otherwise (on one Redis more partitions only
	 * cost heartbeat throughput). Every registry server on one Redis must use the same number (a
	 * server that finds another in Redis refuses to start); each server follows every partition's
	 * change stream on a connection of its own
	 */
	public record Redis(@DefaultValue("1s") Duration reconnectMax, @DefaultValue("0") int partitions) {

		public Redis {
			if (reconnectMax.toMillis() < 10) {
				throw new IllegalArgumentException("beacon.registry.redis.reconnect-max must be at least 10ms");
			}
			if (partitions < 0 || partitions > 256) {
				throw new IllegalArgumentException(
						"beacon.registry.redis.partitions must be between 1 and 256, or 0 to choose by the kind of Redis");
			}
		}

	}

	/**
	 * @param maxSize Most memory the documents of recently read services take; {@code 0} sends
	 * every read to Redis
	 * @param timeToLive Longest time a document is answered from memory: bounds how long a read
	 * can miss a change that reached Redis without an event, such as a loss of Redis's data
	 */
	public record ReadCache(@DefaultValue("16MB") DataSize maxSize, @DefaultValue("1s") Duration timeToLive) {

		public ReadCache {
			if (maxSize.isNegative()) {
				throw new IllegalArgumentException("beacon.registry.read-cache.max-size must not be negative");
			}
			if (timeToLive.isNegative() || timeToLive.isZero()) {
				throw new IllegalArgumentException("beacon.registry.read-cache.time-to-live must be positive");
			}
		}

	}

	/**
	 * @param enabled Whether the registry answers DNS queries for its services' instances, over
	 * UDP and TCP. DNS carries no token: whoever reaches the port reads the whole catalog
	 * @param port Port of the DNS interface, over UDP and TCP, on the HTTP server's address
	 * ({@code server.address}, every address when not set)
	 * @param domain Domain the DNS interface answers for, such as {@code <service>.service.<domain>};
	 * names outside it are refused
	 * @param ttl Time resolvers may keep an answer, positive or negative; 0 so that none keeps
	 * one past a change
	 */
	public record Dns(@DefaultValue("false") boolean enabled, @DefaultValue("8600") int port,
			@DefaultValue("beacon.") String domain, @DefaultValue("0s") Duration ttl) {

		private static final Pattern DOMAIN = Pattern
			.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+");

		public Dns {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("beacon.registry.dns.port must lie between 1 and 65535");
			}
			domain = domain.toLowerCase(Locale.ROOT);
			domain = domain.endsWith(".") ? domain : domain + ".";
			if (domain.length() > 100 || !DOMAIN.matcher(domain).matches()) {
				throw new IllegalArgumentException("beacon.registry.dns.domain must be a domain name such as 'beacon.' "
						+ "or 'discovery.example.com.': labels of letters, digits and inner '-', at most 100 characters");
			}
			if (ttl.isNegative() || ttl.toSeconds() > Integer.MAX_VALUE) {
				throw new IllegalArgumentException(
						"beacon.registry.dns.ttl must lie between 0s and " + Integer.MAX_VALUE + "s");
			}
		}

	}

	/**
	 * @param enabled Whether this server runs its share of the health checks; the checks of
	 * instances still run on the other servers
	 * @param failuresBeforeDown Consecutive failed runs of a check after which its instance turns
	 * {@code DOWN}
	 * @param passesBeforeUp Consecutive passed runs of a check after which its instance turns
	 * {@code UP} again
	 * @param minInterval Shortest interval a check may ask for
	 * @param maxInterval Longest interval a check may ask for
	 * @param defaultTimeout Timeout of a check that names none (cut to its interval)
	 * @param pollInterval Time between two looks of this server for checks that are due: how
	 * late a check may start, beyond its interval
	 * @param maxConcurrency Most checks this server runs at once; due checks beyond it are left to
	 * the other servers, or to the next look
	 * @param sslBundle Name of the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) whose trust
	 * store the HTTP checks of secure instances trust, and whose key store, if any, gives them a
	 * client certificate; the JVM's default trust when not set
	 */
	public record Checks(@DefaultValue("true") boolean enabled, @DefaultValue("3") int failuresBeforeDown,
			@DefaultValue("2") int passesBeforeUp, @DefaultValue("1s") Duration minInterval,
			@DefaultValue("1h") Duration maxInterval, @DefaultValue("2s") Duration defaultTimeout,
			@DefaultValue("250ms") Duration pollInterval, @DefaultValue("256") int maxConcurrency,
			@Nullable String sslBundle) {

		public Checks {
			if (failuresBeforeDown < 1 || passesBeforeUp < 1) {
				throw new IllegalArgumentException(
						"beacon.registry.checks.failures-before-down and passes-before-up must be at least 1");
			}
			if (minInterval.toMillis() < 10 || minInterval.compareTo(maxInterval) > 0) {
				throw new IllegalArgumentException("beacon.registry.checks.min-interval must lie between 10ms and "
						+ "beacon.registry.checks.max-interval");
			}
			if (defaultTimeout.toMillis() < 1) {
				throw new IllegalArgumentException("beacon.registry.checks.default-timeout must be at least 1ms");
			}
			if (pollInterval.toMillis() < 10) {
				throw new IllegalArgumentException("beacon.registry.checks.poll-interval must be at least 10ms");
			}
			if (maxConcurrency < 1) {
				throw new IllegalArgumentException("beacon.registry.checks.max-concurrency must be at least 1");
			}
		}

	}

}

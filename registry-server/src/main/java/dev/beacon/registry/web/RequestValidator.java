package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import dev.beacon.client.Check;
import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.web.InstanceRequest.CheckRequest;

/**
 * The API's rules for names and registrations. Everything is checked before anything is
 * written; a refusal names the field. The limits are documented in docs/api.md.
 */
final class RequestValidator {

	static final int MAX_HOST_LENGTH = 253;

	static final int MAX_ZONE_LENGTH = 64;

	static final int MAX_WEIGHT = 10_000;

	static final int MAX_METADATA_ENTRIES = 64;

	static final int MAX_METADATA_KEY_LENGTH = 128;

	static final int MAX_METADATA_VALUE_LENGTH = 1024;

	private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private static final Pattern INSTANCE_ID = Pattern.compile("[a-z0-9][a-z0-9._:-]{0,127}");

	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+");

	private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9._-]+");

	private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9._:/-]+");

	static final int MAX_CHECK_PATH_LENGTH = 256;

	/**
	 * A path and query on the instance's own host and port: no scheme, no authority, no
	 * escapes, no fragment; {@code ..} and a leading {@code //} are refused apart. The registry
	 * must not become a way to reach other addresses from inside the network.
	 */
	private static final Pattern CHECK_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:/?-]*");

	private final Duration defaultTtl;

	private final Duration maxTtl;

	private final RegistryProperties.Checks checks;

	RequestValidator(Duration defaultTtl, Duration maxTtl, RegistryProperties.Checks checks) {
		this.defaultTtl = defaultTtl;
		this.maxTtl = maxTtl;
		this.checks = checks;
	}

	static boolean isService(String name) {
		return SERVICE.matcher(name).matches();
	}

	static boolean isInstanceId(String id) {
		return INSTANCE_ID.matcher(id).matches();
	}

	static String service(@Nullable String name) {
		if (name == null || !isService(name)) {
			throw new InvalidRequestException("service",
					"Service name must match [a-z0-9][a-z0-9-]{0,62}: lower-case letters, digits and '-'");
		}
		return name;
	}

	static String instanceId(@Nullable String id) {
		if (id == null || !isInstanceId(id)) {
			throw new InvalidRequestException("id",
					"Instance id must match [a-z0-9][a-z0-9._:-]{0,127}: lower-case letters, digits and '-', '.', '_', ':'");
		}
		return id;
	}

	static InstanceStatus status(String field, @Nullable String value) {
		InstanceStatus status = InstanceStatus.parse(value);
		if (status == null) {
			throw new InvalidRequestException(field, field + " must be one of UP, DOWN, STARTING, OUT_OF_SERVICE");
		}
		return status;
	}

	Instance instance(String service, String id, @Nullable InstanceRequest request) {
		if (request == null) {
			throw new InvalidRequestException("body", "A registration needs a JSON body with at least host and port");
		}
		String host = request.host();
		if (host == null || host.isEmpty() || host.length() > MAX_HOST_LENGTH || !HOST.matcher(host).matches()) {
			throw new InvalidRequestException("host", "host is required: a host name or address of 1 to "
					+ MAX_HOST_LENGTH + " characters (letters, digits, '.', '-', '_', ':', '%')");
		}
		Integer port = request.port();
		if (port == null || port < 1 || port > 65535) {
			throw new InvalidRequestException("port", "port is required and must lie between 1 and 65535");
		}
		InstanceStatus status = (request.status() != null) ? status("status", request.status()) : InstanceStatus.UP;
		String zone = request.zone();
		if (zone != null && (zone.isEmpty() || zone.length() > MAX_ZONE_LENGTH || !ZONE.matcher(zone).matches())) {
			throw new InvalidRequestException("zone", "zone must have 1 to " + MAX_ZONE_LENGTH
					+ " characters (letters, digits, '.', '-', '_')");
		}
		int weight = (request.weight() != null) ? request.weight() : 1;
		if (weight < 0 || weight > MAX_WEIGHT) {
			throw new InvalidRequestException("weight", "weight must lie between 0 and " + MAX_WEIGHT);
		}
		Map<String, @Nullable String> metadata = (request.metadata() != null) ? request.metadata() : Map.of();
		checkMetadata(metadata);
		return new Instance(service, id, host, port, Boolean.TRUE.equals(request.secure()), status, zone, weight,
				metadata, ttlSeconds(request.ttlSeconds()), check(request.check()));
	}

	private @Nullable Check check(@Nullable CheckRequest request) {
		if (request == null) {
			return null;
		}
		String path = request.http();
		boolean tcp = Boolean.TRUE.equals(request.tcp());
		if ((path == null) == !tcp) {
			throw new InvalidRequestException("check", "check needs either http (a path) or tcp: true");
		}
		if (path != null && (path.length() > MAX_CHECK_PATH_LENGTH || !CHECK_PATH.matcher(path).matches()
				|| path.startsWith("//") || path.contains(".."))) {
			throw new InvalidRequestException("check.http", "check.http must be a path on the instance's own host and "
					+ "port, such as /actuator/health: starting with '/', at most " + MAX_CHECK_PATH_LENGTH
					+ " characters, without a scheme, a host, '..', '%', '\\' or '#'");
		}
		Duration interval = duration("check.interval", request.interval());
		if (interval == null || interval.compareTo(this.checks.minInterval()) < 0
				|| interval.compareTo(this.checks.maxInterval()) > 0) {
			throw new InvalidRequestException("check.interval", "check.interval is required and must lie between "
					+ Check.format(this.checks.minInterval()) + " and " + Check.format(this.checks.maxInterval()));
		}
		Duration timeout = duration("check.timeout", request.timeout());
		if (timeout == null) {
			timeout = (this.checks.defaultTimeout().compareTo(interval) < 0) ? this.checks.defaultTimeout() : interval;
		}
		if (timeout.isZero() || timeout.compareTo(interval) > 0) {
			throw new InvalidRequestException("check.timeout", "check.timeout must be positive and at most the interval");
		}
		Duration deregisterAfter = duration("check.deregisterAfter", request.deregisterAfter());
		if (deregisterAfter != null && deregisterAfter.compareTo(interval) < 0) {
			throw new InvalidRequestException("check.deregisterAfter",
					"check.deregisterAfter must be at least the interval");
		}
		return new Check(path, tcp, interval, timeout, deregisterAfter);
	}

	private static @Nullable Duration duration(String field, @Nullable String text) {
		Duration duration = Check.parse(text);
		if (text != null && duration == null) {
			throw new InvalidRequestException(field, field + " must be a duration such as 500ms, 10s or 5m");
		}
		return duration;
	}

	private int ttlSeconds(@Nullable Integer requested) {
		if (requested == null) {
			return (int) this.defaultTtl.toSeconds();
		}
		if (requested < 1 || requested > this.maxTtl.toSeconds()) {
			throw new InvalidRequestException("ttlSeconds",
					"ttlSeconds must lie between 1 and " + this.maxTtl.toSeconds());
		}
		return requested;
	}

	private static void checkMetadata(Map<String, @Nullable String> metadata) {
		if (metadata.size() > MAX_METADATA_ENTRIES) {
			throw new InvalidRequestException("metadata",
					"metadata may hold at most " + MAX_METADATA_ENTRIES + " entries");
		}
		metadata.forEach((key, value) -> {
			if (key.isEmpty() || key.length() > MAX_METADATA_KEY_LENGTH || !METADATA_KEY.matcher(key).matches()) {
				throw new InvalidRequestException("metadata", "metadata keys must have 1 to " + MAX_METADATA_KEY_LENGTH
						+ " characters (letters, digits, '.', '-', '_', ':', '/')");
			}
			if (value == null || value.length() > MAX_METADATA_VALUE_LENGTH) {
				throw new InvalidRequestException("metadata." + key,
						"metadata values must be strings of at most " + MAX_METADATA_VALUE_LENGTH + " characters");
			}
		});
	}

}

package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;

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

	private final Duration defaultTtl;

	private final Duration maxTtl;

	RequestValidator(Duration defaultTtl, Duration maxTtl) {
		this.defaultTtl = defaultTtl;
		this.maxTtl = maxTtl;
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
				metadata, ttlSeconds(request.ttlSeconds()));
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

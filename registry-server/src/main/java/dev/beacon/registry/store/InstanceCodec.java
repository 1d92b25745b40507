package dev.beacon.registry.store;

import org.jspecify.annotations.Nullable;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.json.JsonMapper;

/**
 * Converts an instance to the JSON document stored in Redis and back. Name, id and status live
 * in the keys and a separate hash, so a status change never rewrites the document, and the
 * same registration always encodes to the same bytes (metadata sorted), which is how an
 * unchanged re-registration is recognised.
 */
final class InstanceCodec {

	private final JsonMapper jsonMapper;

	InstanceCodec(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	String encode(Instance instance) {
		return this.jsonMapper.writeValueAsString(new StoredInstance(instance.host(), instance.port(),
				instance.secure(), instance.zone(), instance.weight(), new TreeMap<>(instance.metadata()),
				instance.ttlSeconds()));
	}

	Instance decode(String service, String id, String status, String json) {
		StoredInstance stored = this.jsonMapper.readValue(json, StoredInstance.class);
		InstanceStatus parsed = InstanceStatus.parse(status);
		return new Instance(service, id, stored.host(), stored.port(), stored.secure(),
				(parsed != null) ? parsed : InstanceStatus.DOWN, stored.zone(), stored.weight(),
				(stored.metadata() != null) ? stored.metadata() : Map.of(), stored.ttlSeconds());
	}

	/**
	 * Appends the instance's document as the API shows it, spliced from the stored document
	 * without decoding it: the stored fields are the API's, less name, id and status, which
	 * need no escaping (names and ids are validated, the status is a constant's name).
	 */
	void appendDocument(StringBuilder json, String service, String id, String status, String stored) {
		InstanceStatus parsed = InstanceStatus.parse(status);
		json.append("{\"service\":\"").append(service).append("\",\"id\":\"").append(id)
			.append("\",\"status\":\"").append((parsed != null) ? parsed.name() : InstanceStatus.DOWN.name())
			.append("\",").append(stored, 1, stored.length());
	}

	record StoredInstance(String host, int port, boolean secure, @Nullable String zone, int weight,
			@Nullable Map<String, String> metadata, int ttlSeconds) {
	}

}

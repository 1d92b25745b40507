package dev.beacon.registry.web;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.Instance;
import dev.beacon.registry.store.LogPosition;

/**
 * The JSON document of each change event, encoded once however many watchers it goes to: the
 * feed hands one event to every watcher in turn, so encoding it per watcher would cost a
 * server with thousands of watchers thousands of encodings per change.
 */
final class ChangeDocuments {

	/** More than the feed delivers while one event reaches its last watcher. */
	private static final int RECENT = 256;

	private final JsonMapper jsonMapper;

	private final Map<LogPosition, String> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<LogPosition, String> eldest) {
			return size() > RECENT;
		}

	};

	ChangeDocuments(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	String of(ChangeEvent change) {
		synchronized (this.recent) {
			return this.recent.computeIfAbsent(change.position(), (position) -> encode(change));
		}
	}

	private String encode(ChangeEvent change) {
		String type = change.type().name().toLowerCase();
		Instance instance = change.instance();
		return this.jsonMapper
			.writeValueAsString(new ChangeView(type, instance.service(), instance.id(), change.revision(), instance));
	}

	record ChangeView(String type, String service, String id, long revision, Instance instance) {
	}

}

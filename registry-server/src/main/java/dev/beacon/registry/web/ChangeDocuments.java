package dev.beacon.registry.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.beacon.client.WireCodec;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.LogPosition;

/**
 * The JSON document of each change event, encoded once however many watchers it goes to: the
 * feed hands one event to every watcher in turn, so encoding it per watcher would cost a
 * server with thousands of watchers thousands of encodings per change.
 */
final class ChangeDocuments {

	/** More than the feed delivers while one event reaches its last watcher. */
	private static final int RECENT = 256;

	private final WireCodec codec;

	private final Map<EventId, String> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<EventId, String> eldest) {
			return size() > RECENT;
		}

	};

	ChangeDocuments(WireCodec codec) {
		this.codec = codec;
	}

	String of(ChangeEvent change) {
		synchronized (this.recent) {
			return this.recent.computeIfAbsent(new EventId(change.partition(), change.position()), (id) -> encode(change));
		}
	}

	private String encode(ChangeEvent change) {
		return this.codec.encode(change.change());
	}

	private record EventId(int partition, LogPosition position) {
	}

}

package dev.beacon.registry.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

import dev.beacon.client.WireCodec;
import dev.beacon.registry.feed.WatchedItem;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.LogItem;
import dev.beacon.registry.store.LogPosition;
import dev.beacon.registry.store.Snapshot;

/**
 * The watch stream's server-sent events, written as bytes. A change goes to every watcher of
 * its service: its event and data lines are encoded once and the same bytes go to each of
 * them, after the {@code id} line that is each watcher's own cursor. Spring's writer of
 * {@code ServerSentEvent} would encode the whole event again for every watcher.
 */
final class WatchFrames {

	/** More than the feed delivers while one event reaches its last watcher. */
	private static final int RECENT = 256;

	private static final byte[] OPEN = comment("open");

	private static final byte[] KEEP_ALIVE = comment("keep-alive");

	private final WireCodec codec;

	private final Map<EventId, byte[]> recentChanges = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<EventId, byte[]> eldest) {
			return size() > RECENT;
		}

	};

	WatchFrames(WireCodec codec) {
		this.codec = codec;
	}

	/** A comment sent first, so that the answer's headers leave at once. */
	DataBuffer open(DataBufferFactory buffers) {
		return buffers.wrap(OPEN);
	}

	DataBuffer keepAlive(DataBufferFactory buffers) {
		return buffers.wrap(KEEP_ALIVE);
	}

	/**
	 * One item of a watcher's stream, with the watcher's cursor after it as the event's id.
	 * @param watched the item and the cursor
	 * @param buffers the response's buffers
	 * @return the whole event
	 */
	DataBuffer item(WatchedItem watched, DataBufferFactory buffers) {
		String id = watched.cursor().toString();
		LogItem item = watched.item();
		byte[] body = (item instanceof Snapshot snapshot) ? snapshot(id, snapshot) : change((ChangeEvent) item);
		byte[] idLine = ("id:" + id + "\n").getBytes(StandardCharsets.US_ASCII);
		return buffers.allocateBuffer(idLine.length + body.length).write(idLine).write(body);
	}

	private byte[] snapshot(String id, Snapshot snapshot) {
		return event("snapshot", this.codec.encode(new dev.beacon.client.Snapshot(id, snapshot.services())));
	}

	private byte[] change(ChangeEvent change) {
		synchronized (this.recentChanges) {
			return this.recentChanges.computeIfAbsent(new EventId(change.partition(), change.position()),
					(key) -> event(change.type().name().toLowerCase(), this.codec.encode(change.change())));
		}
	}

	/** The codec writes JSON on one line, so one {@code data} line holds it whole. */
	private static byte[] event(String name, String json) {
		return ("event:" + name + "\ndata:" + json + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] comment(String text) {
		return (":" + text + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private record EventId(int partition, LogPosition position) {
	}

}

package dev.beacon.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.beacon.client.Change;
import dev.beacon.client.ChangeListener;
import dev.beacon.client.Snapshot;

/**
 * Keeps every snapshot and change a {@code ChangeStream} hands it, in the order they came.
 */
final class RecordingChangeListener implements ChangeListener {

	private final List<Object> received = new CopyOnWriteArrayList<>();

	/** The snapshots and changes received so far, oldest first; grows as more arrive. */
	List<Object> received() {
		return this.received;
	}

	@Override
	public void onSnapshot(Snapshot snapshot) {
		this.received.add(snapshot);
	}

	@Override
	public void onChange(Change change) {
		this.received.add(change);
	}

}

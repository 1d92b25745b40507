package dev.beacon.client;

import java.net.URI;

/**
 * Receives what the {@link ChangeStream} reads, in order, one call at a time.
 */
public interface ChangeListener {

	/**
	 * A snapshot: it replaces everything known before of the services it covers.
	 * @param snapshot the snapshot
	 */
	void onSnapshot(Snapshot snapshot);

	/**
	 * One change after the snapshot or the last change.
	 * @param change the change
	 */
	void onChange(Change change);

	/**
	 * The stream to a registry server is open: it answered and its stream began.
	 * @param server the registry server
	 */
	default void onConnected(URI server) {
	}

	/**
	 * The stream broke; it reconnects by itself.
	 * @param server the registry server it was connected to
	 * @param cause why, as far as known
	 */
	default void onDisconnected(URI server, String cause) {
	}

}

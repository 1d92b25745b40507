package dev.beacon.registry.feed;

/**
 * Ends a watcher whose buffer overflowed. Its client resumes from its last event id.
 */
public class WatcherTooSlowException extends RuntimeException {

	WatcherTooSlowException() {
		super("Watcher fell behind the change feed; resume with Last-Event-ID", null, false, false);
	}

}

package dev.beacon.client;

import java.util.List;

/**
 * Whether a deregistration or status change reached every watcher of every live registry
 * server: the answer of a change made with {@code await=delivered}.
 *
 * @param delivered whether every live server handed it to all its watchers before the timeout
 * @param servers how many live registry servers there were
 * @param watchers how many watchers they had in all
 * @param notReached watchers not reached: those still holding the change unread when the wait
 * ended, and those cut for reading too slowly during the wait (they resume from their last
 * event when they reconnect)
 * @param cut of those, the watchers cut for reading too slowly during the wait
 * @param behind the servers that had not delivered it when the wait ended
 * @param waitedMillis how long the registry waited
 */
public record Delivery(boolean delivered, int servers, int watchers, int notReached, long cut, List<String> behind,
		long waitedMillis) {

	public Delivery {
		behind = List.copyOf(behind);
	}

}

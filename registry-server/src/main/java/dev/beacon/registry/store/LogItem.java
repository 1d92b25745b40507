package dev.beacon.registry.store;

/**
 * What a watcher receives: a change event, or a snapshot of the state at a position of the
 * change log.
 */
public sealed interface LogItem permits ChangeEvent, Snapshot {

	/**
	 * Where the item stands in the change log; a watcher resumes after it.
	 * @return the position
	 */
	LogPosition position();

}

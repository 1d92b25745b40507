package dev.beacon.registry.store;

/**
 * What a watcher receives: a change event, or a snapshot of the state at a cursor of the
 * change log.
 */
public sealed interface LogItem permits ChangeEvent, Snapshot {

}

package dev.beacon.registry.feed;

import dev.beacon.registry.store.LogCursor;
import dev.beacon.registry.store.LogItem;

/**
 * One item of a watch stream and where the watcher stands once it has it: the cursor a
 * watcher resumes from.
 *
 * @param item a change or a snapshot
 * @param cursor the watcher's cursor after the item
 */
public record WatchedItem(LogItem item, LogCursor cursor) {
}

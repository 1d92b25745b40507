/**
 * The change feed: one blocking read of the change log per server, fanned out to watchers.
 */
@NullMarked
package dev.beacon.registry.feed;

import org.jspecify.annotations.NullMarked;

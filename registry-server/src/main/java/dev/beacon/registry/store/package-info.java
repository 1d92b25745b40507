/**
 * The registry's state in Redis: instances, leases, revisions and the change log, each change one Lua script.
 */
@NullMarked
package dev.beacon.registry.store;

import org.jspecify.annotations.NullMarked;

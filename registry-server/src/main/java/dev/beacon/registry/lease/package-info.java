/**
 * Eviction of instances whose lease expired.
 */
@NullMarked
package dev.beacon.registry.lease;

import org.jspecify.annotations.NullMarked;

/**
 * Micrometer metrics of the registry.
 */
@NullMarked
package dev.beacon.registry.metrics;

import org.jspecify.annotations.NullMarked;

/**
 * Health and metrics of Beacon discovery.
 */
@NullMarked
package dev.beacon.discovery.health;

import org.jspecify.annotations.NullMarked;

/**
 * Health checks that the registry servers run against instances, shared among them through
 * Redis: each check runs on one server per interval.
 */
@NullMarked
package dev.beacon.registry.checks;

import org.jspecify.annotations.NullMarked;

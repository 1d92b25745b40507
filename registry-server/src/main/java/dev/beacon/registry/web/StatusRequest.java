package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;

/**
 * Body of a heartbeat (optional) or a status change.
 *
 * @param status the instance's status; {@code null} in a heartbeat keeps it
 */
record StatusRequest(@Nullable String status) {
}

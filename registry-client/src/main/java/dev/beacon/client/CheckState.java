package dev.beacon.client;

/**
 * Where an instance's health check stands, as the registry last ran it: the answer of
 * {@code GET /v1/services/{service}/instances/{id}/check}. Times are milliseconds since the
 * epoch on Redis's clock, which every registry server shares.
 *
 * @param check the check as registered
 * @param failures failed runs in a row, 0 after a pass
 * @param passes passed runs in a row, 0 after a failure
 * @param failingSinceMillis when the check began failing; 0 while it passes or has not run
 * @param nextRunMillis when its next run is due
 */
public record CheckState(Check check, int failures, int passes, long failingSinceMillis, long nextRunMillis) {
}

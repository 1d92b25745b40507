package dev.beacon.registry.checks;

/**
 * How an instance's check has gone lately, as the registry servers recorded its runs in Redis.
 *
 * @param failures failed runs in a row
 * @param passes passed runs in a row
 * @param failingSinceMillis when it began failing, on Redis's clock; 0 while it passes or has not run
 * @param nextRunMillis when its next run is due, on Redis's clock
 */
public record CheckProgress(int failures, int passes, long failingSinceMillis, long nextRunMillis) {
}

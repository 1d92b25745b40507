package dev.beacon.registry.ui;

import java.util.Map;

/**
 * How long each instance's lease has left, measured on Redis's clock, where leases are kept:
 * a browser's clock may be off by any amount.
 *
 * @param service the service
 * @param millisLeft milliseconds until each instance's lease ends, by instance id
 */
record LeaseTimes(String service, Map<String, Long> millisLeft) {
}

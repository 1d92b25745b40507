package dev.beacon.registry.ui;

import java.util.Map;

/**
 * How long each instance's lease has left, and how long ago it registered, measured on Redis's
 * clock, where leases are kept: a browser's clock may be off by any amount.
 *
 * @param service the service
 * @param millisLeft milliseconds until each instance's lease ends, by instance id
 * @param registeredMillisAgo milliseconds since each instance registered, by instance id; an
 * instance registered before the registry kept that time is missing
 */
record LeaseTimes(String service, Map<String, Long> millisLeft, Map<String, Long> registeredMillisAgo) {
}

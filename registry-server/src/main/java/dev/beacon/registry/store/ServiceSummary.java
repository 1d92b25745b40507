package dev.beacon.registry.store;

/**
 * How many instances one service has.
 *
 * @param service name of the service
 * @param instances registered instances, whatever their status
 * @param up instances whose status is {@code UP}
 */
public record ServiceSummary(String service, int instances, int up) {
}

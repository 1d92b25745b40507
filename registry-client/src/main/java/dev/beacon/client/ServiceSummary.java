package dev.beacon.client;

/**
 * How many instances one service has, as the list of services shows it.
 *
 * @param service name of the service
 * @param instances registered instances, whatever their status
 * @param up instances whose status is {@code UP}
 */
public record ServiceSummary(String service, int instances, int up) {
}

/**
 * Retrying failed requests on other instances, and ejecting instances that refuse connections.
 */
@NullMarked
package dev.beacon.gateway.failover;

import org.jspecify.annotations.NullMarked;

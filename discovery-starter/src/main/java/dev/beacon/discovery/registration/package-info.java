/**
 * Registration of this application: ServiceRegistry, auto-registration, heartbeats, status and graceful leave.
 */
@NullMarked
package dev.beacon.discovery.registration;

import org.jspecify.annotations.NullMarked;

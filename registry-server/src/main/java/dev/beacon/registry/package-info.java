/**
 * Beacon's registry server: instances register and renew leases over HTTP; state and change log live in Redis.
 */
@NullMarked
package dev.beacon.registry;

import org.jspecify.annotations.NullMarked;

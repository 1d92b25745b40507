/**
 * The DNS interface: answers A, AAAA, SRV and CNAME queries for the services' {@code UP}
 * instances over UDP and TCP, from the same memory as plain reads.
 */
@NullMarked
package dev.beacon.registry.dns;

import org.jspecify.annotations.NullMarked;

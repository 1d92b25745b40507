/**
 * Beacon's gateway on Spring Cloud Gateway (server, WebFlux).
 */
@NullMarked
package dev.beacon.gateway;

import org.jspecify.annotations.NullMarked;

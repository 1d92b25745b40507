/**
 * Beacon discovery for Spring Boot: auto-registration with the Beacon registry and discovery
 * through Spring Cloud's interfaces, kept current by the registry's change stream.
 */
@NullMarked
package dev.beacon.discovery;

import org.jspecify.annotations.NullMarked;

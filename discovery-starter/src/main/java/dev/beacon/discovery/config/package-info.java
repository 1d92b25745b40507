/**
 * Spring Cloud Config's "discovery first" lookup of the config server, answered by the registry.
 */
@NullMarked
package dev.beacon.discovery.config;

import org.jspecify.annotations.NullMarked;

/**
 * A Spring Cloud Config Server that config clients find through Beacon.
 */
@NullMarked
package dev.beacon.demo.configserver;

import org.jspecify.annotations.NullMarked;

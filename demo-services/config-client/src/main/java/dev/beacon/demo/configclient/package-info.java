/**
 * A Spring Cloud Config client that finds its config server through Beacon.
 */
@NullMarked
package dev.beacon.demo.configclient;

import org.jspecify.annotations.NullMarked;

/**
 * Choosing the instance of an {@code lb://} route for each request, with Spring Cloud
 * LoadBalancer's balancers and instance lists.
 */
@NullMarked
package dev.beacon.gateway.balancing;

import org.jspecify.annotations.NullMarked;

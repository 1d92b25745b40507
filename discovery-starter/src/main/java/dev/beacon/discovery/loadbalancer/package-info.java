/**
 * Spring Cloud LoadBalancer fed by the catalog, without a cache in between.
 */
@NullMarked
package dev.beacon.discovery.loadbalancer;

import org.jspecify.annotations.NullMarked;

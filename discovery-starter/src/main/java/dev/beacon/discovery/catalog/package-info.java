/**
 * The local, push-fed copy of the registry that DiscoveryClient and LoadBalancer answer from.
 */
@NullMarked
package dev.beacon.discovery.catalog;

import org.jspecify.annotations.NullMarked;

/**
 * Discovery routing: one route that sends {@code /{service}/**} to {@code lb://{service}} for
 * whichever services the registry knows at the moment of the request.
 */
@NullMarked
package dev.beacon.gateway.routing;

import org.jspecify.annotations.NullMarked;

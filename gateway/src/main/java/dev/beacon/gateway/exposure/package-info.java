/**
 * What the public side of the gateway reaches: paths that could climb out of a route or
 * hide a separator are refused, and an instance's management endpoints are not forwarded to.
 */
@NullMarked
package dev.beacon.gateway.exposure;

import org.jspecify.annotations.NullMarked;

/**
 * How the gateway's client that proxies requests is set up: each request is proxied on the
 * event loop that received it, with a connect timeout set once.
 */
@NullMarked
package dev.beacon.gateway.transport;

import org.jspecify.annotations.NullMarked;

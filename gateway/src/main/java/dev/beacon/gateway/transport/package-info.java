/**
 * The gateway's transport: the Netty event loops that its server and its proxy client share
 * (on epoll), a proxy connection pool per loop so that a request
 * stays on the loop that read it, and small answers sent to the client in one write. Each part
 * stands in for a stock Reactor Netty or Spring Cloud Gateway part, behind
 * {@code beacon.gateway.tuning.enabled} and a switch of its own ({@code TransportConfiguration}).
 */
@NullMarked
package dev.beacon.gateway.transport;

import org.jspecify.annotations.NullMarked;

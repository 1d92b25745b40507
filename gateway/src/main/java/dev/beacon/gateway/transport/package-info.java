/**
 * The gateway's transport: the Netty event loops that its server and its proxy client share
 * (on io_uring when the kernel offers it), a proxy connection pool per loop so that a request
 * stays on the loop that read it, the proxy client's connect timeout, and small answers sent
 * to the client in one write.
 */
@NullMarked
package dev.beacon.gateway.transport;

import org.jspecify.annotations.NullMarked;

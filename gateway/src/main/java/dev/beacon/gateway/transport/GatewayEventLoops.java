package dev.beacon.gateway.transport;

import io.netty.channel.uring.IoUring;
import reactor.netty.resources.LoopResources;

/**
 * The event loops that the gateway's server and its proxy client share.
 *
 * @param resources the loops, for Reactor Netty
 * @param transport the transport they run on: {@code io_uring}, or what Reactor Netty picks
 * otherwise: {@code epoll} on Linux (the only other native transport the gateway carries), else
 * {@code nio}
 * @param threads how many loops
 */
record GatewayEventLoops(LoopResources resources, String transport, int threads) {

	/**
	 * @param threads how many loops; 0 for one per available processor
	 * @param ioUring whether to run them on io_uring when the kernel offers it (a container's
	 * seccomp profile may forbid it)
	 */
	static GatewayEventLoops create(int threads, boolean ioUring) {
		int count = (threads > 0) ? threads : Runtime.getRuntime().availableProcessors();
		if (ioUring && IoUring.isAvailable()) {
			return new GatewayEventLoops(new IoUringLoopResources(count), "io_uring", count);
		}
		return new GatewayEventLoops(LoopResources.create("beacon-gateway", count, true),
				LoopResources.hasNativeSupport() ? "epoll" : "nio", count);
	}

	/** Stops the loops, once the server and the client no longer use them. */
	void dispose() {
		this.resources.disposeLater().block();
	}

}

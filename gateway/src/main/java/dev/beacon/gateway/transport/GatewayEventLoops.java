package dev.beacon.gateway.transport;

import reactor.netty.resources.LoopResources;

/**
 * The event loops that the gateway's server and its proxy client share, in place of Reactor
 * Netty's global loop resources (at least 4 loops, whatever the processors, on the transport
 * Reactor Netty picks), which Spring Boot's server and Spring Cloud Gateway's client use stock.
 *
 * @param resources the loops, for Reactor Netty
 * @param transport the transport they run on
 * @param threads how many loops
 */
record GatewayEventLoops(LoopResources resources, NettyTransport transport, int threads) {

	/**
	 * @param threads how many loops; 0 for one per available processor
	 */
	static GatewayEventLoops create(int threads) {
		int count = (threads > 0) ? threads : Runtime.getRuntime().availableProcessors();
		NettyTransport transport = NettyTransport.choose();
		return new GatewayEventLoops(new TransportLoopResources(transport, count), transport, count);
	}

	/** Stops the loops, once the server and the client no longer use them. */
	void dispose() {
		this.resources.disposeLater().block();
	}

}

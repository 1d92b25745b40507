package dev.beacon.gateway.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Event loops on one named transport, for the server and the proxy client alike. Reactor
 * Netty's own resources pick the transport themselves (io_uring first, wherever it is on the
 * class path). The client's group is colocated: a connection opened from a loop is registered
 * on that loop.
 */
final class TransportLoopResources implements LoopResources {

	private final NettyTransport transport;

	private final EventLoopGroup loops;

	private final EventLoopGroup colocated;

	TransportLoopResources(NettyTransport transport, int threads) {
		this.transport = transport;
		this.loops = new MultiThreadIoEventLoopGroup(threads,
				new DefaultThreadFactory("beacon-gateway-" + transport, true), transport.newIoHandlerFactory());
		this.colocated = LoopResources.colocate(this.loops);
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.loops;
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.loops;
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.colocated;
	}

	@Override
	public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
		return this.transport.channelClass(channelType);
	}

	@Override
	public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
		try {
			return onChannelClass(channelType, group).getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create a " + this.transport + " channel for " + channelType.getName(),
					ex);
		}
	}

	@Override
	public boolean daemon() {
		return true;
	}

	@Override
	public boolean isDisposed() {
		return this.loops.isShuttingDown();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return Mono.create((sink) -> this.loops
			.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS)
			.addListener((done) -> sink.success()));
	}

}

package dev.beacon.gateway.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Event loops on Linux io_uring, for the server and the proxy client alike. Reactor Netty
 * 1.3 finds only the incubator's io_uring transport by itself, not the one Netty 4.2 ships,
 * so the loops and channel types are named here. The client's group is colocated: a
 * connection opened from a loop is registered on that loop.
 */
final class IoUringLoopResources implements LoopResources {

	private final EventLoopGroup loops;

	private final EventLoopGroup colocated;

	IoUringLoopResources(int threads) {
		this.loops = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("beacon-gateway-uring", true),
				IoUringIoHandler.newFactory());
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
	@SuppressWarnings("unchecked")
	public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
		if (channelType == SocketChannel.class) {
			return (Class<? extends C>) IoUringSocketChannel.class;
		}
		if (channelType == ServerSocketChannel.class) {
			return (Class<? extends C>) IoUringServerSocketChannel.class;
		}
		if (channelType == DatagramChannel.class) {
			return (Class<? extends C>) IoUringDatagramChannel.class;
		}
		throw new IllegalArgumentException("No io_uring channel for " + channelType.getName());
	}

	@Override
	public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
		try {
			return onChannelClass(channelType, group).getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create an io_uring channel for " + channelType.getName(), ex);
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

package dev.beacon.gateway.transport;

import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * A Netty transport the gateway's loops can run on: how its loops handle I/O, and its channel
 * types.
 */
enum NettyTransport {

	IO_URING("io_uring", IoUringIoHandler::newFactory, IoUringSocketChannel.class, IoUringServerSocketChannel.class,
			IoUringDatagramChannel.class),

	EPOLL("epoll", EpollIoHandler::newFactory, EpollSocketChannel.class, EpollServerSocketChannel.class,
			EpollDatagramChannel.class),

	NIO("nio", NioIoHandler::newFactory, NioSocketChannel.class, NioServerSocketChannel.class,
			NioDatagramChannel.class);

	private final String label;

	private final Supplier<IoHandlerFactory> handlers;

	private final Class<? extends SocketChannel> socket;

	private final Class<? extends ServerSocketChannel> serverSocket;

	private final Class<? extends DatagramChannel> datagram;

	NettyTransport(String label, Supplier<IoHandlerFactory> handlers, Class<? extends SocketChannel> socket,
			Class<? extends ServerSocketChannel> serverSocket, Class<? extends DatagramChannel> datagram) {
		this.label = label;
		this.handlers = handlers;
		this.socket = socket;
		this.serverSocket = serverSocket;
		this.datagram = datagram;
	}

	/**
	 * io_uring when wanted and the kernel offers it (a container's seccomp profile may forbid
	 * it), else epoll where there is one, else NIO.
	 */
	static NettyTransport choose(boolean ioUring) {
		if (ioUring && IoUring.isAvailable()) {
			return IO_URING;
		}
		return Epoll.isAvailable() ? EPOLL : NIO;
	}

	IoHandlerFactory newIoHandlerFactory() {
		return this.handlers.get();
	}

	@SuppressWarnings("unchecked")
	<C extends Channel> Class<? extends C> channelClass(Class<C> channelType) {
		if (channelType == SocketChannel.class) {
			return (Class<? extends C>) this.socket;
		}
		if (channelType == ServerSocketChannel.class) {
			return (Class<? extends C>) this.serverSocket;
		}
		if (channelType == DatagramChannel.class) {
			return (Class<? extends C>) this.datagram;
		}
		throw new IllegalArgumentException("No " + this.label + " channel for " + channelType.getName());
	}

	@Override
	public String toString() {
		return this.label;
	}

}

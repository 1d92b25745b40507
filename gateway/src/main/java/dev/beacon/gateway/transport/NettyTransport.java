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

/**
 * A Netty transport the gateway's loops can run on: how its loops handle I/O, and its channel
 * types.
 */
enum NettyTransport {

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
	 * epoll where there is one, else NIO. Not io_uring: on it, a proxy connection with TLS now
	 * and then never read an answer that had arrived (docs/gateway.md, tuning).
	 */
	static NettyTransport choose() {
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

package dev.beacon.registry.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.TcpDnsQueryDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The DNS interface's UDP socket and TCP listener, on the event loops of the registry's HTTP
 * server: a query is answered on the thread that read it, like an HTTP read from memory.
 * Started after the web server and stopped before it. A port that cannot be bound fails the
 * start, naming the property that sets it.
 */
final class DnsServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DnsServer.class);

	/** How long a TCP connection may stay silent before it is closed (RFC 7766 section 6.2.3). */
	private static final int TCP_IDLE_SECONDS = 10;

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final ReactorResourceFactory resources;

	private final InetSocketAddress address;

	private final DnsQueryHandler handler;

	private final List<Channel> channels = new ArrayList<>();

	/**
	 * @param resources the HTTP server's event loops
	 * @param address the address to bind, or {@code null} for every address
	 * @param port the port, over UDP and TCP
	 * @param handler answers the decoded queries
	 */
	DnsServer(ReactorResourceFactory resources, @Nullable InetAddress address, int port, DnsQueryHandler handler) {
		this.resources = resources;
		this.address = (address != null) ? new InetSocketAddress(address, port) : new InetSocketAddress(port);
		this.handler = handler;
	}

	@Override
	public synchronized void start() {
		if (!this.channels.isEmpty()) {
			return;
		}
		LoopResources loops = this.resources.getLoopResources();
		EventLoopGroup group = loops.onServer(LoopResources.DEFAULT_NATIVE);
		try {
			this.channels.add(bind("UDP", new Bootstrap().group(group)
				.channel(loops.onChannelClass(DatagramChannel.class, group))
				.handler(pipeline(() -> new ChannelHandler[] { new DatagramDnsQueryDecoder() }))));
			this.channels.add(bind("TCP", new ServerBootstrap().group(group)
				.channel(loops.onChannelClass(ServerSocketChannel.class, group))
				.childHandler(pipeline(() -> new ChannelHandler[] { new ReadTimeoutHandler(TCP_IDLE_SECONDS),
						new TcpDnsQueryDecoder() }))));
		}
		catch (RuntimeException ex) {
			closeChannels();
			throw ex;
		}
		logger.info("DNS interface answering on UDP and TCP " + this.address);
	}

	/**
	 * @param codec the handlers that read queries, new for each channel
	 * @return a pipeline of those, then the handler that answers
	 */
	private ChannelInitializer<Channel> pipeline(Supplier<ChannelHandler[]> codec) {
		return new ChannelInitializer<>() {

			@Override
			protected void initChannel(Channel channel) {
				channel.pipeline().addLast(codec.get()).addLast(DnsServer.this.handler);
			}

		};
	}

	private Channel bind(String protocol, AbstractBootstrap<?, ?> bootstrap) {
		ChannelFuture bound = bootstrap.bind(this.address).awaitUninterruptibly();
		if (!bound.isSuccess()) {
			throw new IllegalStateException("The DNS interface could not bind " + protocol + " " + this.address
					+ " (beacon.registry.dns.port): " + bound.cause().getMessage(), bound.cause());
		}
		return bound.channel();
	}

	@Override
	public synchronized void stop() {
		closeChannels();
	}

	private void closeChannels() {
		for (Channel channel : this.channels) {
			channel.close().awaitUninterruptibly(CLOSE_TIMEOUT.toMillis());
		}
		this.channels.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.channels.isEmpty();
	}

}

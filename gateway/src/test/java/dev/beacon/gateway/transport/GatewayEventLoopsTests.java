package dev.beacon.gateway.transport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * epoll where there is one, NIO otherwise; one loop per processor unless told. A server and a
 * client on the loops really talk over the chosen transport.
 */
class GatewayEventLoopsTests {

	@Test
	void epollWhereThereIsOne() {
		GatewayEventLoops loops = GatewayEventLoops.create(2);
		try {
			assertThat(loops.threads()).isEqualTo(2);
			assertThat(loops.transport()).isEqualTo(Epoll.isAvailable() ? NettyTransport.EPOLL : NettyTransport.NIO);
		}
		finally {
			loops.dispose();
		}
	}

	@Test
	void oneLoopPerProcessorUnlessTold() {
		GatewayEventLoops loops = GatewayEventLoops.create(0);
		try {
			assertThat(loops.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
		}
		finally {
			loops.dispose();
		}
	}

	@Test
	void serverAndClientTalkOverTheChosenTransport() {
		GatewayEventLoops loops = GatewayEventLoops.create(2);
		ConnectionProvider pool = ConnectionProvider.create("transport-test", 1);
		AtomicReference<Class<?>> clientChannel = new AtomicReference<>();
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.runOn(loops.resources())
			.handle((request, response) -> response.sendString(Mono.just("hello")))
			.bindNow();
		try {
			String answer = HttpClient.create(pool)
				.runOn(loops.resources())
				.doOnConnected((connection) -> clientChannel.set(connection.channel().getClass()))
				.get()
				.uri("http://127.0.0.1:" + server.port() + "/")
				.responseContent()
				.aggregate()
				.asString()
				.block(Duration.ofSeconds(10));
			assertThat(answer).isEqualTo("hello");
			assertThat(clientChannel.get()).isEqualTo(loops.transport().channelClass(SocketChannel.class));
			assertThat(server.channel().getClass()).isEqualTo(loops.transport().channelClass(ServerSocketChannel.class));
		}
		finally {
			server.disposeNow();
			pool.disposeLater().block(Duration.ofSeconds(10));
			loops.dispose();
		}
	}

}

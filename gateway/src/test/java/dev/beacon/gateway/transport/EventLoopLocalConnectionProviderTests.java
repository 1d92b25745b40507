package dev.beacon.gateway.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A front server proxies to a backend with Reactor Netty's client, as the gateway does, all on
 * the gateway's event loops: with a pool per loop, every
 * proxied request goes out on a connection of the loop that received it.
 */
class EventLoopLocalConnectionProviderTests {

	private final GatewayEventLoops gatewayLoops = GatewayEventLoops.create(4);

	private final LoopResources loops = this.gatewayLoops.resources();

	private final EventLoopLocalConnectionProvider provider = new EventLoopLocalConnectionProvider(
			ConnectionProvider.builder("proxy").maxConnections(Integer.MAX_VALUE).build());

	private final HttpClient client = HttpClient.create(this.provider).runOn(this.loops);

	private final List<Boolean> sameLoop = new CopyOnWriteArrayList<>();

	private final ConnectionProvider callersPool = ConnectionProvider.create("callers", 16);

	private final DisposableServer backend = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.runOn(this.loops)
		.handle((request, response) -> response.sendString(Mono.just("hello")))
		.bindNow();

	private final DisposableServer front = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.runOn(this.loops)
		.handle((request, response) -> {
			Thread receiving = Thread.currentThread();
			return response.sendString(this.client.get()
				.uri("http://127.0.0.1:" + this.backend.port() + "/")
				.responseConnection((answer, connection) -> {
					this.sameLoop.add(connection.channel().eventLoop().inEventLoop(receiving));
					return connection.inbound().receive().aggregate().asString();
				})
				.next());
		})
		.bindNow();

	@AfterEach
	void stop() {
		this.front.disposeNow();
		this.backend.disposeNow();
		this.provider.disposeLater().block(Duration.ofSeconds(10));
		this.callersPool.disposeLater().block(Duration.ofSeconds(10));
		this.gatewayLoops.dispose();
	}

	@Test
	void everyProxiedRequestGoesOutOnTheLoopThatReceivedIt() {
		HttpClient callers = HttpClient.create(this.callersPool);
		List<String> answers = Flux.range(0, 400)
			.flatMap((i) -> callers.get()
				.uri("http://127.0.0.1:" + this.front.port() + "/")
				.responseContent()
				.aggregate()
				.asString(), 16)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(answers).hasSize(400).containsOnly("hello");
		assertThat(this.sameLoop).hasSize(400).containsOnly(true);
		assertThat(this.provider.eventLoopPools()).isBetween(1, 4);
	}

	@Test
	void requestsFromOtherThreadsUseTheSharedPool() {
		String answer = this.client.get()
			.uri("http://127.0.0.1:" + this.backend.port() + "/")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));

		assertThat(answer).isEqualTo("hello");
		assertThat(this.provider.eventLoopPools()).isZero();
	}

}

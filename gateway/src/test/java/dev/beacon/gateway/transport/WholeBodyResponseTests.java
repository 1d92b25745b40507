package dev.beacon.gateway.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body of known, small length goes out with its headers in one flush to the socket, which
 * Netty turns into one system call; others stream as they come. Served by a real Reactor Netty
 * server, flushes counted at the socket's end of its pipeline.
 */
class WholeBodyResponseTests {

	private static final String BODY = "{\"message\":\"Hello, world!\"}";

	private final AtomicInteger flushes = new AtomicInteger();

	private DisposableServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.disposeNow();
		}
	}

	@Test
	void smallAnswerOfKnownLengthGoesOutWithItsHeadersInOneFlush() {
		serve(64, BODY.length());

		assertThat(get()).isEqualTo(BODY);
		assertThat(this.flushes).hasValue(1);
	}

	@Test
	void answerAboveTheLimitStreams() {
		serve(BODY.length() - 1, BODY.length());

		assertThat(get()).isEqualTo(BODY);
		assertThat(this.flushes.get()).isGreaterThan(1);
	}

	@Test
	void answerWithoutLengthStreams() {
		serve(64, -1);

		assertThat(get()).isEqualTo(BODY);
		assertThat(this.flushes.get()).isGreaterThan(1);
	}

	@Test
	void failureBeforeTheBodyIsCompleteCommitsNothingSoTheClientGetsAnErrorStatus() {
		MockServerHttpResponse delegate = new MockServerHttpResponse();
		WholeBodyResponse response = new WholeBodyResponse(delegate, 64);
		response.getHeaders().setContentLength(BODY.length());

		Flux<DataBuffer> halfThenReset = Flux.concat(Mono.just(buffer(BODY.substring(0, 10))),
				Mono.error(new IOException("reset")));
		StepVerifier.create(response.writeWith(halfThenReset)).verifyError(IOException.class);

		assertThat(delegate.isCommitted()).isFalse();
	}

	/** Answers every request with {@link #BODY} in two parts, as a proxied body arrives. */
	private void serve(int limit, long contentLength) {
		ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter((request, response) -> {
			WholeBodyResponse whole = new WholeBodyResponse(response, limit);
			if (contentLength >= 0) {
				whole.getHeaders().setContentLength(contentLength);
			}
			int half = BODY.length() / 2;
			return whole.writeWith(Flux.just(BODY.substring(0, half), BODY.substring(half))
				.map(WholeBodyResponseTests::buffer));
		});
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.doOnChannelInit((observer, channel, address) -> channel.pipeline()
				.addFirst(new ChannelOutboundHandlerAdapter() {

					@Override
					public void flush(ChannelHandlerContext context) {
						WholeBodyResponseTests.this.flushes.incrementAndGet();
						context.flush();
					}

				}))
			.handle(adapter)
			.bindNow();
	}

	private String get() {
		return HttpClient.create()
			.get()
			.uri("http://127.0.0.1:" + this.server.port() + "/")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}

package dev.beacon.registry.web;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link RequestGate} does with requests as the registry runs and stops: none reaches
 * the API once it stops, and its stop ends only once the requests in progress have.
 */
class RequestGateTests {

	private static final String PATH = "/v1/services/orders/instances/orders-1/heartbeat";

	private final RequestGate gate = new RequestGate(new ApiProblems(JsonMapper.shared()));

	private final AtomicInteger handled = new AtomicInteger();

	private final Sinks.Empty<Void> answer = Sinks.empty();

	private final HttpHandler handler = this.gate.guard((request, response) -> {
		this.handled.incrementAndGet();
		return this.answer.asMono();
	});

	@Test
	void requestWhileRunningReachesTheApi() {
		this.gate.start();
		this.answer.tryEmitEmpty();

		MockServerHttpResponse response = handle();

		assertThat(this.handled).hasValue(1);
		assertThat(response.getStatusCode()).isNull();
	}

	@Test
	void requestAfterStopIsAnsweredUnavailableWithoutReachingTheApi() {
		this.gate.start();
		AtomicInteger stopped = new AtomicInteger();
		this.gate.stop(stopped::incrementAndGet);

		MockServerHttpResponse response = handle();

		assertThat(this.handled).hasValue(0);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(response.getBodyAsString().block()).contains("The registry is stopping");
		assertThat(stopped).hasValue(1);
		assertThat(this.gate.isRunning()).isFalse();
	}

	@Test
	void stopEndsOnceTheRequestsInProgressHaveEnded() {
		this.gate.start();
		this.handler.handle(request(), new MockServerHttpResponse()).subscribe();
		AtomicInteger stopped = new AtomicInteger();

		this.gate.stop(stopped::incrementAndGet);
		handle();

		assertThat(stopped).as("stopped while a request is in progress").hasValue(0);
		this.answer.tryEmitEmpty();
		assertThat(stopped).hasValue(1);
		assertThat(this.handled).hasValue(1);
	}

	private MockServerHttpResponse handle() {
		MockServerHttpResponse response = new MockServerHttpResponse();
		this.handler.handle(request(), response).block();
		return response;
	}

	private static MockServerHttpRequest request() {
		return MockServerHttpRequest.put(PATH).build();
	}

}

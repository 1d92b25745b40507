package dev.beacon.gateway.exposure;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which request paths reach the routes, and which are refused before any route sees them.
 */
class UnsafePathFilterTests {

	private final UnsafePathFilter filter = new UnsafePathFilter();

	@ParameterizedTest
	@ValueSource(strings = { "/greeting/hello", "/greeting/", "/", "/greeting/.well-known/x", "/greeting/a.b/..c",
			"/greeting/caf%C3%A9", "/greeting/a%20b", "/greeting/a;v=1/b", "/greeting/a+b" })
	void pathsThatNameWhatTheyReachPass(String path) {
		assertThat(passes(path)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/greeting/../frontend/greet", "/greeting/..", "/../greeting/hello", "/greeting/./hello",
			"/greeting/%2e%2e/frontend", "/greeting/%2E./frontend", "/greeting/..;x=1/frontend",
			"/greeting/a%2Fb", "/greeting/a%2f..%2fb", "/greeting/a%5Cb", "/greeting/a%00b" })
	void pathsThatCouldReachSomethingElseAreRefused(String path) {
		MockServerWebExchange exchange = exchange(path);

		StepVerifier.create(this.filter.filter(exchange, (passed) -> Mono.empty()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ResponseStatusException.class,
					(refused) -> {
						assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
						assertThat(refused.getReason()).startsWith("The request path holds ");
					}))
			.verify();
	}

	@Test
	void refusalSaysWhatWasWrong() {
		MockServerWebExchange exchange = exchange("/greeting/../x");

		StepVerifier.create(this.filter.filter(exchange, (passed) -> Mono.empty()))
			.expectErrorSatisfies((ex) -> assertThat(((ResponseStatusException) ex).getReason())
				.contains("a dot segment ('..')"))
			.verify();
	}

	/** The path as the client sent it: a URI template would encode its escapes again. */
	private static MockServerWebExchange exchange(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gateway" + path)));
	}

	private boolean passes(String path) {
		AtomicBoolean passed = new AtomicBoolean();
		WebFilterChain chain = (exchange) -> Mono.fromRunnable(() -> passed.set(true));
		this.filter.filter(exchange(path), chain).block();
		return passed.get();
	}

}

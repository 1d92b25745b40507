package dev.beacon.gateway.failover;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import dev.beacon.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures are tried again on another instance, and which instance is ejected.
 */
class InstanceFailoverFilterTests {

	private static final ServiceInstance FIRST = new DefaultServiceInstance("a-1", "a", "10.0.0.1", 8080, false,
			Map.of());

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

	private final EjectedInstances ejected = new EjectedInstances(this.clock, Duration.ofSeconds(10));

	private final InstanceFailoverFilter filter = new InstanceFailoverFilter(this.ejected, 2);

	@Test
	void refusedConnectionIsRetriedEvenForPostAndTheInstanceIsEjected() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.post("/a/orders").body("{}"));
		AtomicInteger attempts = new AtomicInteger();

		StepVerifier.create(this.filter.filter(exchange, failingFirst(attempts, new ConnectException("refused"))))
			.verifyComplete();

		assertThat(attempts).hasValue(2);
		assertThat(this.ejected.isEjected(FIRST)).isTrue();
	}

	@Test
	void resetAfterSendingIsRetriedForIdempotentBodilessRequests() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/a/orders"));
		AtomicInteger attempts = new AtomicInteger();

		StepVerifier.create(this.filter.filter(exchange, failingFirst(attempts, new IOException("reset"))))
			.verifyComplete();

		assertThat(attempts).hasValue(2);
		assertThat(this.ejected.isEjected(FIRST)).isFalse();
	}

	@Test
	void resetAfterSendingAPostIsNotRetried() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.post("/a/orders").body("{}"));
		AtomicInteger attempts = new AtomicInteger();

		StepVerifier.create(this.filter.filter(exchange, failingFirst(attempts, new IOException("reset"))))
			.verifyError(IOException.class);

		assertThat(attempts).hasValue(1);
	}

	@Test
	void retriesStopAfterTheConfiguredNumber() {
		MockServerWebExchange exchange = exchange(MockServerHttpRequest.get("/a/orders"));
		AtomicInteger attempts = new AtomicInteger();
		GatewayFilterChain alwaysRefused = (ignored) -> {
			attempts.incrementAndGet();
			return Mono.error(new ConnectException("refused"));
		};

		StepVerifier.create(this.filter.filter(exchange, alwaysRefused)).verifyError(ConnectException.class);

		assertThat(attempts).hasValue(3);
	}

	@Test
	void ejectionEndsAfterItsTime() {
		Instant start = Instant.parse("2026-11-25T12:00:00Z");
		MutableClock clock = new MutableClock(start);
		EjectedInstances instances = new EjectedInstances(clock, Duration.ofSeconds(10));
		instances.eject(FIRST);
		assertThat(instances.isEjected(FIRST)).isTrue();
		clock.set(start.plusSeconds(11));
		assertThat(instances.isEjected(FIRST)).isFalse();
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
		return exchange(request.build());
	}

	private static MockServerWebExchange exchange(MockServerHttpRequest request) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, URI.create("lb://a/orders"));
		return exchange;
	}

	/** A chain whose first attempt picks {@link #FIRST} and fails, and whose next one works. */
	private static GatewayFilterChain failingFirst(AtomicInteger attempts, Exception failure) {
		return (exchange) -> {
			if (attempts.incrementAndGet() == 1) {
				exchange.getAttributes()
					.put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, new DefaultResponse(FIRST));
				return Mono.error(failure);
			}
			return Mono.empty();
		};
	}

}

package dev.beacon.registry.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.ServiceSummary;
import dev.beacon.client.WireCodec;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.Role;
import dev.beacon.registry.security.SecurityProperties;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.InstanceStore.Eviction;
import dev.beacon.registry.store.InstanceStore.ExpiryRules;
import dev.beacon.registry.store.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two calls answered ahead of the WebFlux chain own every outcome of the requests they
 * take: each is authorised once and reaches the store once, whatever the answer; a request
 * they do not take reaches the chain before anything else was done with it.
 */
class HotPathHandlersTests {

	private static final String TOKEN = "hot-path-token";

	private static final String HEARTBEAT = "/v1/services/orders/instances/orders-1/heartbeat";

	private final CountingStore store = new CountingStore();

	private final AtomicInteger chainCalls = new AtomicInteger();

	private final HttpHandler handler = handler();

	@Test
	void heartbeatOfAnUnknownLeaseIsAnsweredNotFoundAfterOneStoreCall() {
		this.store.renewal = Mono.just(InstanceStore.Renewal.UNKNOWN);

		MockServerHttpResponse response = handle(put(HEARTBEAT, null, bearer()));

		assertProblem(response, HttpStatus.NOT_FOUND, "Instance 'orders-1' of service 'orders' is not registered");
		assertThat(this.store.renewals).hasValue(1);
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void heartbeatThatRenewsAnswersNoContent() {
		MockServerHttpResponse response = handle(
				put(HEARTBEAT, "{\"status\":\"DOWN\"}", bearer()));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(this.store.lastStatus).isEqualTo(InstanceStatus.DOWN);
		assertThat(this.store.renewals).hasValue(1);
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void heartbeatWithoutTokenIsRefusedWithoutReachingTheStore() {
		MockServerHttpResponse response = handle(put(HEARTBEAT, null, null));

		assertProblem(response, HttpStatus.UNAUTHORIZED, "A bearer token is required");
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer realm=\"beacon\"");
		assertThat(this.store.renewals).hasValue(0);
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void heartbeatWithABadStatusIsRefusedNamingTheField() {
		MockServerHttpResponse response = handle(
				put(HEARTBEAT, "{\"status\":\"SLEEPING\"}", bearer()));

		assertProblem(response, HttpStatus.BAD_REQUEST, "status must be one of UP, DOWN, STARTING, OUT_OF_SERVICE");
		assertThat(this.store.renewals).hasValue(0);
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void heartbeatWhenRedisFailsAnswersUnavailableWithRetryAfter() {
		this.store.renewal = Mono.error(new RedisConnectionFailureException("down"));

		MockServerHttpResponse response = handle(put(HEARTBEAT, null, bearer()));

		assertProblem(response, HttpStatus.SERVICE_UNAVAILABLE,
				"The registry cannot reach its Redis store; retry shortly");
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(this.store.renewals).hasValue(1);
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void heartbeatWhoseBodyIsNoStatusGoesToTheChainUntouched() {
		handle(put(HEARTBEAT, "[1, 2]", bearer()));

		assertThat(this.chainCalls).hasValue(1);
		assertThat(this.store.renewals).hasValue(0);
	}

	@Test
	void heartbeatWithAnEncodedIdIsDecodedAsThePathVariableWouldBe() {
		handle(put("/v1/services/orders/instances/orders%3A10.0.0.1%3A80/heartbeat", null, bearer()));

		assertThat(this.store.lastId).isEqualTo("orders:10.0.0.1:80");
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void plainReadIsAnsweredFromTheStoreOnce() {
		MockServerHttpResponse response = handle(
				MockServerHttpRequest.get("/v1/services/orders").header(HttpHeaders.AUTHORIZATION, bearer()));

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getFirst(Revisions.HEADER)).isEqualTo("7");
		assertThat(response.getBodyAsString().block()).isEqualTo(CountingStore.DOCUMENT);
		assertThat(this.store.reads).hasValue(1);
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void plainReadOfABadNameOrWithoutTokenIsRefusedHere() {
		assertProblem(handle(MockServerHttpRequest.get("/v1/services/Orders").header(HttpHeaders.AUTHORIZATION,
				bearer())), HttpStatus.BAD_REQUEST,
				"Service name must match [a-z0-9][a-z0-9-]{0,62}: lower-case letters, digits and '-'");
		assertProblem(handle(MockServerHttpRequest.get("/v1/services/orders")), HttpStatus.UNAUTHORIZED,
				"A bearer token is required");

		assertThat(this.store.reads).hasValue(0);
		assertThat(this.chainCalls).hasValue(0);
	}

	@Test
	void readWithParametersGoesToTheChain() {
		handle(MockServerHttpRequest.get("/v1/services/orders?status=UP").header(HttpHeaders.AUTHORIZATION, bearer()));

		assertThat(this.chainCalls).hasValue(1);
		assertThat(this.store.reads).hasValue(0);
	}

	private MockServerHttpResponse handle(MockServerHttpRequest.BaseBuilder<?> request) {
		return handle(request.build());
	}

	private MockServerHttpResponse handle(MockServerHttpRequest request) {
		MockServerHttpResponse response = new MockServerHttpResponse();
		this.handler.handle(request, response).block();
		return response;
	}

	private static MockServerHttpRequest put(String path, @Nullable String json, @Nullable String authorization) {
		MockServerHttpRequest.BodyBuilder builder = MockServerHttpRequest.method(HttpMethod.PUT,
				URI.create("http://registry" + path));
		if (authorization != null) {
			builder.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		if (json == null) {
			return builder.build();
		}
		return builder.contentType(MediaType.APPLICATION_JSON)
			.contentLength(json.getBytes(StandardCharsets.UTF_8).length)
			.body(json);
	}

	private static String bearer() {
		return "Bearer " + TOKEN;
	}

	private static void assertProblem(MockServerHttpResponse response, HttpStatus status, String detail) {
		assertThat(response.getStatusCode()).isEqualTo(status);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBodyAsString().block()).contains("\"status\":" + status.value())
			.contains("\"detail\":\"" + detail + "\"");
	}

	private HttpHandler handler() {
		JsonMapper json = JsonMapper.builder().build();
		RequestAuthorization access = new RequestAuthorization(ApiAccess.of(new SecurityProperties(null, false,
				List.of(new SecurityProperties.Token("test", TOKEN, Set.of(Role.READ, Role.WRITE), null, null, null)))),
				null);
		ApiProblems problems = new ApiProblems(json);
		ServiceDocuments documents = new ServiceDocuments(this.store, new WireCodec(), null);
		HttpHandler chain = (request, response) -> {
			this.chainCalls.incrementAndGet();
			return request.getBody().then(response.setComplete());
		};
		return new ServiceReadHttpHandler(new HeartbeatHttpHandler(chain,
				new Heartbeats(this.store, new RegistryMetrics(new SimpleMeterRegistry()), documents), access,
				problems, json), documents, access, problems);
	}

	/** Answers renewals and reads as told, counting them; nothing else is asked of it here. */
	private static final class CountingStore implements InstanceStore {

		static final String DOCUMENT = "{\"service\":\"orders\",\"revision\":7,\"instances\":[]}";

		final AtomicInteger renewals = new AtomicInteger();

		final AtomicInteger reads = new AtomicInteger();

		Mono<Renewal> renewal = Mono.just(Renewal.RENEWED);

		@Nullable String lastId;

		@Nullable InstanceStatus lastStatus;

		@Override
		public Mono<Renewal> renew(String service, String id, @Nullable InstanceStatus status) {
			this.renewals.incrementAndGet();
			this.lastId = id;
			this.lastStatus = status;
			return this.renewal;
		}

		@Override
		public Mono<Registration> register(Instance instance) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<Renewal> changeStatus(String service, String id, InstanceStatus status) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<Long> deregister(String service, String id) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Flux<ServiceSummary> services() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<ServiceInstances> service(String service) {
			this.reads.incrementAndGet();
			return Mono.just(new ServiceInstances("orders", 7, List.of()));
		}

		@Override
		public Mono<Snapshot> snapshot(Collection<String> services) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<Eviction> evictExpired(int batchSize, ExpiryRules rules, boolean wasAway) {
			throw new UnsupportedOperationException();
		}

	}

}

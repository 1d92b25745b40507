package dev.beacon.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient.RequestHeadersSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every bad input is refused with a 4xx {@code application/problem+json} that names what was
 * wrong, and leaves Redis exactly as it was.
 */
class BadInputTests {

	private static final String INSTANCE = "/v1/services/orders/instances/orders-1";

	private static final Map<String, Object> VALID = Map.of("host", "10.0.0.1", "port", 8080, "ttlSeconds", 3600);

	private static TestRegistry registry;

	private static RedisInspector redis;

	@BeforeAll
	static void start() {
		registry = TestRegistry.start(TestRegistry.newPrefix());
		redis = new RedisInspector();
		// long leases: an expiry while a test runs would change Redis under it
		assertThat(registry.register("orders", "orders-1", VALID)).isEqualTo(201);
	}

	@AfterAll
	static void stop() {
		registry.close();
		redis.close();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void registerWithInvalidServiceNameAnswersBadRequestNamingService(String service) {
		assertRefused(put("/v1/services/" + service + "/instances/orders-2", json(VALID)), 400, "service");
	}

	static Stream<Arguments> registerWithInvalidServiceNameAnswersBadRequestNamingService() {
		return Stream.of(arguments(named("upper case", "Orders")), arguments(named("64 characters", "o".repeat(64))),
				arguments(named("leading '-'", "-orders")), arguments(named("'_'", "ord_ers")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void registerWithInvalidInstanceIdAnswersBadRequestNamingId(String id) {
		assertRefused(put("/v1/services/orders/instances/" + id, json(VALID)), 400, "id");
	}

	static Stream<Arguments> registerWithInvalidInstanceIdAnswersBadRequestNamingId() {
		return Stream.of(arguments(named("upper case", "Orders-2")),
				arguments(named("129 characters", "o".repeat(129))),
				arguments(named("encoded '/'", "orders%2F2")), arguments(named("space", "orders%202")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void registerWithInvalidFieldAnswersBadRequestNamingTheField(String body, String field) {
		assertRefused(put(INSTANCE, body), 400, field);
	}

	static Stream<Arguments> registerWithInvalidFieldAnswersBadRequestNamingTheField() {
		Map<String, String> tooMany = IntStream.range(0, 65)
			.boxed()
			.collect(Collectors.toMap((i) -> "key-" + i, (i) -> "value"));
		return Stream.of(refusal("host missing", with("host", null), "host"),
				refusal("host blank", with("host", "  "), "host"), refusal("host empty", with("host", ""), "host"),
				refusal("host of 254 characters", with("host", "h".repeat(254)), "host"),
				refusal("host with a space", with("host", "my host"), "host"),
				refusal("port missing", with("port", null), "port"), refusal("port 0", with("port", 0), "port"),
				refusal("port 65536", with("port", 65536), "port"),
				refusal("port \"abc\"", with("port", "abc"), "port"),
				refusal("status SLEEPING", with("status", "SLEEPING"), "status"),
				refusal("zone with a space", with("zone", "eu west"), "zone"),
				refusal("zone of 65 characters", with("zone", "z".repeat(65)), "zone"),
				refusal("weight -1", with("weight", -1), "weight"),
				refusal("weight 10001", with("weight", 10_001), "weight"),
				refusal("65 metadata entries", with("metadata", tooMany), "metadata"),
				refusal("metadata key of 129 characters", with("metadata", Map.of("k".repeat(129), "v")), "metadata"),
				refusal("metadata value of 1025 characters", with("metadata", Map.of("version", "v".repeat(1025))),
						"metadata.version"),
				refusal("ttlSeconds 0", with("ttlSeconds", 0), "ttlSeconds"),
				refusal("ttlSeconds 3601", with("ttlSeconds", 3601), "ttlSeconds"),
				refusal("malformed JSON", "{\"host\":\"10.0.0.1\",\"port\":", "body"));
	}

	@Test
	void registerWithBodyOverSixteenKilobytesAnswersContentTooLargeNamingBody() {
		// every field valid, only the size is wrong
		Map<String, String> metadata = IntStream.range(0, 20)
			.boxed()
			.collect(Collectors.toMap((i) -> "key-" + i, (i) -> "v".repeat(1000)));
		String body = with("metadata", metadata);
		assertThat(body.length()).isGreaterThan(16 * 1024);
		assertRefused(put(INSTANCE, body), 413, "body");
	}

	@Test
	void registerWithTextPlainAnswersUnsupportedMediaTypeNamingContentType() {
		assertRefused(registry.client()
			.put()
			.uri(uri(INSTANCE))
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue(bytes(json(VALID))), 415, "Content-Type");
	}

	@Test
	void registerWithoutBodyAnswersBadRequestNamingBody() {
		assertRefused(registry.client().put().uri(uri(INSTANCE)), 400, "body");
	}

	@Test
	void heartbeatWithUnknownStatusAnswersBadRequestAndKeepsTheLease() {
		assertRefused(put(INSTANCE + "/heartbeat", json(Map.of("status", "SLEEPING"))), 400, "status");
	}

	@Test
	void statusChangeOfUnknownInstanceAnswersNotFound() {
		String body = json(Map.of("status", "DOWN"));
		Reply reply = assertRefused(put("/v1/services/orders/instances/nobody-1/status", body), 404, null);
		assertThat(reply.json()).containsEntry("detail", "Instance 'nobody-1' of service 'orders' is not registered");
	}

	@Test
	void serviceReadWithNonNumericIndexAnswersBadRequestNamingIndex() {
		assertRefused(get("/v1/services/orders?index=abc"), 400, "index");
	}

	@ParameterizedTest
	@ValueSource(strings = { "?wait=forever", "?index=1&wait=forever" })
	void serviceReadWithUnreadableWaitAnswersBadRequestNamingWait(String query) {
		assertRefused(get("/v1/services/orders" + query), 400, "wait");
	}

	@Test
	void watchResumingFromGarbageAnswersBadRequestNamingLastEventId() {
		assertRefused(watch("/v1/watch").header("Last-Event-ID", "garbage"), 400, "Last-Event-ID");
	}

	@Test
	void watchOfInvalidServiceNameAnswersBadRequestNamingServices() {
		assertRefused(watch("/v1/watch?services=orders,Bad_Name"), 400, "services");
	}

	@Test
	void heartbeatOfOneInstanceNeverTouchesAnotherInstancesLease() {
		Map<String, Object> instance = Map.of("host", "10.0.0.2", "port", 8080, "ttlSeconds", 3600);
		assertThat(registry.register("a", "a-1", instance)).isEqualTo(201);
		assertThat(registry.register("a", "a-10", instance)).isEqualTo(201);
		assertThat(registry.register("b", "a-1", instance)).isEqualTo(201);
		Map<String, Double> before = leases();
		// scores are milliseconds: a heartbeat within the registration's millisecond moves nothing
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(registry.heartbeat("a", "a-1")).isEqualTo(204);
			assertThat(leases().get("a/a-1")).isGreaterThan(before.get("a/a-1"));
		});
		Map<String, Double> after = leases();
		after.remove("a/a-1");
		before.remove("a/a-1");
		assertThat(after).containsKeys("a/a-10", "b/a-1").isEqualTo(before);
	}

	/**
	 * Sends the request and asserts the refusal: status, problem JSON naming the field (when one
	 * is given), and every key under the registry's prefix unchanged.
	 */
	private static Reply assertRefused(RequestHeadersSpec<?> request, int status, String field) {
		Map<String, String> before = redis.dump(registry.prefix());
		Reply reply = request.exchangeToMono((response) -> response.bodyToMono(String.class)
			.defaultIfEmpty("")
			.map((body) -> new Reply(response.statusCode().value(), response.headers().asHttpHeaders(), body)))
			.block(Duration.ofSeconds(10));
		assertThat(reply.status()).as("status of %.300s", reply.body()).isEqualTo(status);
		assertThat(reply.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(reply.json()).containsEntry("status", status);
		if (field != null) {
			assertThat(reply.json()).containsEntry("field", field);
		}
		assertThat(redis.dump(registry.prefix())).isEqualTo(before);
		return reply;
	}

	private static RequestHeadersSpec<?> put(String path, String json) {
		return registry.client().put().uri(uri(path)).contentType(MediaType.APPLICATION_JSON).bodyValue(bytes(json));
	}

	private static RequestHeadersSpec<?> get(String path) {
		return registry.client().get().uri(uri(path)).accept(MediaType.APPLICATION_JSON);
	}

	/** A watch request as an event source sends it. */
	private static RequestHeadersSpec<?> watch(String path) {
		return registry.client().get().uri(uri(path)).accept(MediaType.TEXT_EVENT_STREAM);
	}

	/** The path as written, so that encoded characters reach the server as they are. */
	private static URI uri(String path) {
		return URI.create(registry.url() + path);
	}

	private static Arguments refusal(String name, String body, String field) {
		return arguments(named(name, body), field);
	}

	/** The valid registration with one field replaced, or removed when the value is null. */
	private static String with(String field, Object value) {
		Map<String, Object> body = new LinkedHashMap<>(VALID);
		body.remove(field);
		if (value != null) {
			body.put(field, value);
		}
		return json(body);
	}

	private static String json(Object value) {
		return JsonMapper.shared().writeValueAsString(value);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, Double> leases() {
		return redis.leases(registry.prefix());
	}

	private record Reply(int status, HttpHeaders headers, String body) {

		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return JsonMapper.shared().readValue(this.body, Map.class);
		}

	}

}

package dev.beacon.registry;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bearer tokens on the API: who may read, who may write, what a refusal says (and never
 * says), and the settings the server refuses to start with.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityTests {

	private static final String READ_TOKEN = "test-token-read-only";

	private static final String WRONG_TOKEN = "test-token-nobody-configured";

	/** May write orders and orders-*, and read those and billing. */
	private static final String ORDERS_TOKEN = "test-token-orders-app";

	private static final String CHALLENGE = "Bearer realm=\"beacon\"";

	private static final Map<String, Object> INSTANCE = Map.of("host", "10.0.0.1", "port", 8080);

	private static TestRegistry registry;

	@BeforeAll
	static void start() {
		registry = TestRegistry.start(TestRegistry.newPrefix(),
				"beacon.registry.security.tokens[1].value=" + READ_TOKEN,
				"beacon.registry.security.tokens[1].roles=read",
				"beacon.registry.security.tokens[2].name=orders-app",
				"beacon.registry.security.tokens[2].value=" + ORDERS_TOKEN,
				"beacon.registry.security.tokens[2].roles=read,write",
				"beacon.registry.security.tokens[2].services=orders,orders-*",
				"beacon.registry.security.tokens[2].read-services=orders,orders-*,billing");
	}

	@AfterAll
	static void stop() {
		registry.close();
	}

	@Test
	void readWithoutTokenAnswersUnauthorizedWithBearerChallenge() {
		assertUnauthorized(call(registry, HttpMethod.GET, "/v1/services", null));
	}

	@Test
	void writeWithoutTokenAnswersUnauthorizedWithBearerChallenge() {
		assertUnauthorized(call(registry, HttpMethod.PUT, "/v1/services/guarded/instances/guarded-1", null));
		assertThat(registry.instanceIds("guarded")).isEmpty();
	}

	@Test
	void wrongTokenAnswersUnauthorized() {
		assertUnauthorized(call(registry, HttpMethod.GET, "/v1/services", WRONG_TOKEN));
		assertUnauthorized(call(registry, HttpMethod.PUT, "/v1/services/guarded/instances/guarded-1", WRONG_TOKEN));
		assertThat(registry.instanceIds("guarded")).isEmpty();
	}

	@Test
	void readOnlyTokenReadsButWriteAnswersForbiddenNamingTheRole() {
		assertThat(call(registry, HttpMethod.GET, "/v1/services", READ_TOKEN).status()).isEqualTo(200);
		assertThat(call(registry, HttpMethod.GET, "/v1/services/guarded", READ_TOKEN).status()).isEqualTo(200);
		Reply write = call(registry, HttpMethod.PUT, "/v1/services/guarded/instances/guarded-1", READ_TOKEN);
		assertThat(write.status()).isEqualTo(403);
		assertThat(write.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(write.json()).containsEntry("status", 403);
		assertThat((String) write.json().get("detail")).contains("write role");
		assertThat(registry.instanceIds("guarded")).isEmpty();
	}

	@Test
	void scopedTokenWritesItsServicesAndThoseItsPatternsMatchWithAnAuditLine(CapturedOutput output) {
		assertThat(call(registry, HttpMethod.PUT, "/v1/services/orders/instances/orders-audit", ORDERS_TOKEN).status())
			.isEqualTo(201);
		assertThat(call(registry, HttpMethod.PUT, "/v1/services/orders-eu/instances/orders-eu-1", ORDERS_TOKEN).status())
			.isIn(200, 201);
		assertThat(call(registry, HttpMethod.DELETE, "/v1/services/orders-eu/instances/orders-eu-1", ORDERS_TOKEN)
			.status()).isEqualTo(204);

		assertThat(output.getAll()).contains("Registered orders/orders-audit at 10.0.0.1:8080 as UP (created) by token "
				+ "'orders-app'", "Deregistered orders-eu/orders-eu-1 by token 'orders-app'")
			.doesNotContain(ORDERS_TOKEN);
		Reply metric = call(registry, HttpMethod.GET,
				"/actuator/metrics/beacon.registry.registrations?tag=token:orders-app", READ_TOKEN);
		assertThat(metric.status()).isEqualTo(200);
		assertThat(metric.body()).containsPattern("\"statistic\":\"COUNT\",\"value\":[1-9]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "PUT /v1/services/payments/instances/payments-2",
			"DELETE /v1/services/payments/instances/payments-1", "PUT /v1/services/payments/instances/payments-1/heartbeat",
			"PUT /v1/services/payments/instances/payments-1/status", "PUT /v1/services/%70ayments/instances/payments-3",
			"PUT /v1/services/billing/instances/billing-9" })
	void scopedTokenWritingAnyOtherServiceIsForbiddenNamingItAndChangesNothing(String call) {
		registry.register("payments", "payments-1", INSTANCE);
		String[] methodAndPath = call.split(" ");

		Reply refused = call(registry, HttpMethod.valueOf(methodAndPath[0]), methodAndPath[1], ORDERS_TOKEN);

		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) refused.json().get("detail")).contains("'orders-app'", "may not write",
				call.contains("billing") ? "'billing'" : "'payments'");
		assertThat(registry.instanceIds("payments")).doesNotContain("payments-2", "payments-3").contains("payments-1");
		assertThat(registry.instanceIds("billing")).doesNotContain("billing-9");
	}

	@Test
	void scopedTokenReadsAndListsOnlyItsReadScope() {
		registry.register("payments", "payments-1", INSTANCE);
		registry.register("billing", "billing-1", INSTANCE);
		registry.register("orders", "orders-1", INSTANCE);

		Reply payments = call(registry, HttpMethod.GET, "/v1/services/payments", ORDERS_TOKEN);
		assertThat(payments.status()).isEqualTo(403);
		assertThat((String) payments.json().get("detail")).contains("may not read the service 'payments'");
		assertThat(call(registry, HttpMethod.GET, "/v1/services/billing", ORDERS_TOKEN).body()).contains("billing-1");
		assertThat(call(registry, HttpMethod.GET, "/v1/services", ORDERS_TOKEN).body()).contains("\"orders\"", "\"billing\"")
			.doesNotContain("payments");
		assertThat(call(registry, HttpMethod.GET, "/actuator/metrics", ORDERS_TOKEN).status())
			.as("the metrics name every service").isEqualTo(403);
	}

	@Test
	void scopedTokenWatchesOnlyWhatItMayRead() {
		registry.register("payments", "payments-1", INSTANCE);
		registry.register("billing", "billing-1", INSTANCE);
		Reply named = call(registry, HttpMethod.GET, "/v1/watch?services=orders,payments", ORDERS_TOKEN);
		assertThat(named.status()).isEqualTo(403);
		assertThat((String) named.json().get("detail")).contains("'payments'");

		try (WatchRecorder watcher = WatchRecorder.watchWithToken(registry, "", ORDERS_TOKEN)) {
			WatchRecorder.Event snapshot = watcher.awaitSnapshot();
			assertThat(snapshot.data().toString()).contains("billing-1").doesNotContain("payments");
			registry.register("payments", "payments-2", INSTANCE);
			registry.register("billing", "billing-2", INSTANCE);

			watcher.awaitEvent("register", "billing-2");
			assertThat(watcher.changes()).noneMatch((event) -> event.data().toString().contains("payments"));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "services=Orders", "services=orders_eu", "read-services=orders/*", "name=has space" })
	void tokenWithAScopeOrNameThatCannotBeIsRefusedNamingTheProperty(String setting) {
		String property = "beacon.registry.security.tokens[0]." + setting.substring(0, setting.indexOf('='));
		assertThat(messages(catchThrowable(() -> run("--beacon.registry.security.tokens[0].value=secret",
				"--beacon.registry.security.tokens[0].roles=read,write", "--beacon.registry.security.tokens[0]." + setting)
			.close()))).contains(property);
	}

	@Test
	void twoTokensOfOneNameAreRefused() {
		assertThat(messages(catchThrowable(() -> run("--beacon.registry.security.tokens[0].value=one",
				"--beacon.registry.security.tokens[0].roles=read", "--beacon.registry.security.tokens[0].name=app",
				"--beacon.registry.security.tokens[1].value=two", "--beacon.registry.security.tokens[1].roles=read",
				"--beacon.registry.security.tokens[1].name=app")
			.close()))).contains("beacon.registry.security.tokens[1].name");
	}

	@Test
	void heartbeatIsGuardedLikeEveryOtherWrite() {
		String heartbeat = "/v1/services/guarded/instances/guarded-1/heartbeat";
		assertUnauthorized(call(registry, HttpMethod.PUT, heartbeat, null));
		assertUnauthorized(call(registry, HttpMethod.PUT, heartbeat, WRONG_TOKEN));
		Reply readOnly = call(registry, HttpMethod.PUT, heartbeat, READ_TOKEN);
		assertThat(readOnly.status()).isEqualTo(403);
		assertThat(readOnly.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) readOnly.json().get("detail")).contains("write role");
	}

	@ParameterizedTest
	@ValueSource(strings = { WRONG_TOKEN, READ_TOKEN })
	void rejectedTokenNeverAppearsInTheResponseOrTheLog(String token, CapturedOutput output) {
		Reply reply = call(registry, HttpMethod.PUT, "/v1/services/guarded/instances/guarded-1", token);
		assertThat(reply.status()).isIn(401, 403);
		assertThat(reply.body()).isNotEmpty().doesNotContain(token);
		reply.headers()
			.forEach((name, values) -> assertThat(values).as(name).noneMatch((value) -> value.contains(token)));
		assertThat(output.getAll()).doesNotContain(token);
	}

	@Test
	void openReadsAnswerReadsWithoutTokenButStillGuardWrites() {
		try (ConfigurableApplicationContext open = run(
				"--beacon.registry.security.tokens[0].value=" + TestRegistry.TOKEN,
				"--beacon.registry.security.tokens[0].roles=read,write",
				"--beacon.registry.security.open-reads=true")) {
			assertThat(call(url(open), HttpMethod.GET, "/v1/services", null).status()).isEqualTo(200);
			assertThat(call(url(open), HttpMethod.GET, "/v1/services/guarded", null).status()).isEqualTo(200);
			assertUnauthorized(call(url(open), HttpMethod.PUT, "/v1/services/guarded/instances/guarded-1", null));
			assertThat(call(url(open), HttpMethod.GET, "/v1/services/guarded", null).body())
				.doesNotContain("guarded-1");
		}
	}

	@Test
	void healthAnswersWithoutToken() {
		assertThat(call(registry, HttpMethod.GET, "/actuator/health", null).status()).isEqualTo(200);
		assertThat(call(registry, HttpMethod.GET, "/actuator/health/readiness", null).status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/beacon.registry.heartbeats",
			"/actuator", "/actuator/info" })
	void otherActuatorEndpointsAreReadsThatNeedAToken(String path) {
		assertUnauthorized(call(registry, HttpMethod.GET, path, null));
		assertUnauthorized(call(registry, HttpMethod.GET, path, WRONG_TOKEN));
		assertThat(call(registry, HttpMethod.GET, path, READ_TOKEN).status()).isEqualTo(200);
	}

	@Test
	void startWithoutTokenIsRefusedNamingBothWaysOut() {
		assertThat(messages(catchThrowable(() -> run().close())))
			.contains("beacon.registry.security.enabled=false")
			.contains("beacon.registry.security.tokens[0].value");
	}

	@Test
	void startWithSecurityDisabledAcceptsWritesWithoutToken() {
		try (ConfigurableApplicationContext context = run("--beacon.registry.security.enabled=false")) {
			assertThat(call(url(context), HttpMethod.PUT, "/v1/services/open/instances/open-1", null).status())
				.isEqualTo(201);
			assertThat(call(url(context), HttpMethod.GET, "/v1/services/open", null).body()).contains("open-1");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void tokenWithoutRolesIsRefusedNamingItsRoles(List<String> roles) {
		List<String> settings = new ArrayList<>(List.of("--beacon.registry.security.tokens[0].value=secret"));
		settings.addAll(roles);
		assertThat(messages(catchThrowable(() -> run(settings.toArray(String[]::new)).close())))
			.contains("beacon.registry.security.tokens[0].roles");
	}

	static Stream<Arguments> tokenWithoutRolesIsRefusedNamingItsRoles() {
		return Stream.of(arguments(named("roles missing", List.of())),
				arguments(named("roles empty", List.of("--beacon.registry.security.tokens[0].roles="))));
	}

	@Test
	void keyPrefixWithBracesIsRefusedNamingTheProperty() {
		assertThat(messages(catchThrowable(() -> run("--beacon.registry.security.tokens[0].value=secret",
				"--beacon.registry.security.tokens[0].roles=read,write", "--beacon.registry.key-prefix={x}")
			.close()))).contains("beacon.registry.key-prefix");
	}

	private static void assertUnauthorized(Reply reply) {
		assertThat(reply.status()).isEqualTo(401);
		assertThat(reply.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(reply.headers().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly(CHALLENGE);
		assertThat(reply.json()).containsEntry("status", 401);
	}

	/**
	 * Starts a registry on the shared Redis with only the given settings beyond port, Redis and
	 * a fresh key prefix: no token unless given.
	 */
	private static ConfigurableApplicationContext run(String... settings) {
		RedisEndpoint redis = RedisServers.shared();
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(),
				"--beacon.registry.key-prefix=" + TestRegistry.newPrefix()));
		args.addAll(List.of(settings));
		return TestRegistry.application().run(args.toArray(String[]::new));
	}

	private static String url(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port");
	}

	/** Every message down the cause chain, since start-up failures wrap the one that explains. */
	private static String messages(Throwable failure) {
		assertThat(failure).as("start-up failure").isNotNull();
		StringBuilder messages = new StringBuilder();
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			messages.append(ex.getMessage()).append(System.lineSeparator());
		}
		return messages.toString();
	}

	private static Reply call(TestRegistry registry, HttpMethod method, String path, String token) {
		return call(registry.url(), method, path, token);
	}

	/** Calls the API with a token, or none when it is null; a PUT carries a valid registration. */
	private static Reply call(String url, HttpMethod method, String path, String token) {
		WebClient.Builder client = TestRegistry.webClient();
		if (token != null) {
			client.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		// as sent: a template would encode the '%' of an encoded path again
		WebClient.RequestBodySpec request = client.build().method(method).uri(URI.create(url + path));
		WebClient.RequestHeadersSpec<?> withBody = (method == HttpMethod.PUT) ? request
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JsonMapper.shared().writeValueAsBytes(INSTANCE)) : request;
		return withBody
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Reply(response.statusCode().value(), response.headers().asHttpHeaders(), body)))
			.block(Duration.ofSeconds(10));
	}

	private record Reply(int status, HttpHeaders headers, String body) {

		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return JsonMapper.shared().readValue(this.body, Map.class);
		}

	}

}

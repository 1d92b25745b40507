package dev.beacon.registry.ui;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.registry.TestRegistry;
import dev.beacon.testsupport.RedisServers;

import static dev.beacon.registry.ui.DashboardHttp.cookieOf;
import static dev.beacon.registry.ui.DashboardHttp.get;
import static dev.beacon.registry.ui.DashboardHttp.json;
import static dev.beacon.registry.ui.DashboardHttp.register;
import static dev.beacon.registry.ui.DashboardHttp.send;
import static dev.beacon.registry.ui.DashboardHttp.signIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's server side as a browser meets it: its page and headers, the session a
 * token is exchanged for, and that any registry server on the same Redis honours it for as
 * long as its token is configured.
 */
class DashboardSessionTests {

	private static final String WRITE_TOKEN = "test-token-read-write";

	private static final String READ_TOKEN = "test-ui-read";

	private static final List<ConfigurableApplicationContext> registries = new ArrayList<>();

	private static String prefix;

	private static String url;

	@BeforeAll
	static void start() {
		prefix = newPrefix();
		url = start(prefix, "beacon.registry.security.tokens[1].name=viewer",
				"beacon.registry.security.tokens[1].value=" + READ_TOKEN,
				"beacon.registry.security.tokens[1].roles=read");
	}

	private static String newPrefix() {
		return "t" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String start(String keyPrefix, String... properties) {
		ConfigurableApplicationContext context = TestRegistry.application()
			.run(TestRegistry.arguments(RedisServers.shared(), keyPrefix, WRITE_TOKEN, List.of(properties)));
		registries.add(context);
		return "http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port");
	}

	@AfterAll
	static void stop() {
		registries.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void uiLeadsToItsPageServedWithHeadersThatKeepItToItself() throws Exception {
		HttpResponse<String> redirect = send(get(url, "/ui"));
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("ui/");
		HttpResponse<String> page = send(get(url, "/ui/"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying((policy) -> assertThat(policy)
			.contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe-inline"));
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		HttpResponse<String> script = send(get(url, "/ui/app.js"));
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).contains("javascript"));
	}

	@Test
	void signInSetsAnHttpOnlyStrictCookieThatTheApiAccepts() throws Exception {
		HttpResponse<String> signIn = signIn(url, READ_TOKEN);
		assertThat(signIn.statusCode()).isEqualTo(200);
		String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).startsWith(SessionCookie.NAME + "=")
			.contains("HttpOnly", "SameSite=Strict", "Path=/")
			.doesNotContain("Secure");
		assertThat(json(signIn.body())).containsEntry("name", "viewer")
			.containsEntry("read", true)
			.containsEntry("write", false);
		assertThat(signIn.body()).doesNotContain(READ_TOKEN);
		assertThat(send(get(url, "/v1/services").header("Cookie", cookieOf(signIn))).statusCode()).isEqualTo(200);
		assertThat(send(get(url, "/v1/services").header("Cookie", SessionCookie.NAME + "=forged")).statusCode())
			.isEqualTo(401);
	}

	@Test
	void wrongTokenAndCrossSiteSignInAreRefused() throws Exception {
		HttpResponse<String> wrong = signIn(url, "not-a-token");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(json(wrong.body())).containsEntry("field", "token");
		HttpResponse<String> crossSite = send(HttpRequest.newBuilder(URI.create(url + "/ui/api/session"))
			.header("Content-Type", "application/json")
			.header("Origin", "https://elsewhere.example")
			.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + READ_TOKEN + "\"}")));
		assertThat(crossSite.statusCode()).isEqualTo(403);
		assertThat(crossSite.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void anotherServerHonoursTheSessionUntilItsTokenIsRemoved() throws Exception {
		String cookie = cookieOf(signIn(url, READ_TOKEN));
		String sameTokens = start(prefix, "beacon.registry.security.tokens[1].name=viewer",
				"beacon.registry.security.tokens[1].value=" + READ_TOKEN,
				"beacon.registry.security.tokens[1].roles=read");
		String readTokenRemoved = start(prefix);
		assertThat(send(get(sameTokens, "/v1/services").header("Cookie", cookie)).statusCode()).isEqualTo(200);
		HttpResponse<String> refused = send(get(readTokenRemoved, "/v1/services").header("Cookie", cookie));
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(json(refused.body()).get("detail").toString()).isEqualTo(CookieSessionCredentials.TOKEN_GONE);
	}

	@Test
	void signOutEndsTheSessionOnEveryServer() throws Exception {
		HttpResponse<String> signIn = signIn(url, WRITE_TOKEN);
		String cookie = cookieOf(signIn);
		String csrf = json(signIn.body()).get("csrf").toString();
		HttpResponse<String> withoutCsrf = send(HttpRequest.newBuilder(URI.create(url + "/ui/api/session"))
			.header("Cookie", cookie)
			.header("Origin", url)
			.DELETE());
		assertThat(withoutCsrf.statusCode()).isEqualTo(403);
		HttpResponse<String> signOut = send(HttpRequest.newBuilder(URI.create(url + "/ui/api/session"))
			.header("Cookie", cookie)
			.header("Origin", url)
			.header(CrossSiteRequests.CSRF_HEADER, csrf)
			.DELETE());
		assertThat(signOut.statusCode()).isEqualTo(204);
		assertThat(signOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(
				(cleared) -> assertThat(cleared).contains("Max-Age=0"));
		assertThat(send(get(url, "/v1/services").header("Cookie", cookie)).statusCode()).isEqualTo(401);
		assertThat(json(send(get(url, "/ui/api/session").header("Cookie", cookie)).body()))
			.containsEntry("signedIn", false);
	}

	@Test
	void leaseTimesAreReadAsTheServiceIsRead() throws Exception {
		assertThat(register(url, WRITE_TOKEN, "leased", "leased-1", "{\"host\":\"10.0.0.1\",\"port\":8080,\"ttlSeconds\":30}"))
			.isEqualTo(201);
		String cookie = cookieOf(signIn(url, READ_TOKEN));

		HttpResponse<String> times = send(get(url, "/ui/api/services/leased/leases").header("Cookie", cookie));

		assertThat(times.statusCode()).isEqualTo(200);
		Map<String, Object> document = json(times.body());
		assertThat(((Map<?, ?>) document.get("millisLeft")).get("leased-1")).isInstanceOfSatisfying(Number.class,
				(left) -> assertThat(left.longValue()).isBetween(1L, 30_000L));
		assertThat(((Map<?, ?>) document.get("registeredMillisAgo")).get("leased-1")).isInstanceOfSatisfying(
				Number.class, (ago) -> assertThat(ago.longValue()).isBetween(0L, 30_000L));
		assertThat(send(get(url, "/ui/api/services/leased/leases")).statusCode()).isEqualTo(401);
		assertThat(send(get(url, "/ui/api/services/leased/leases").header("Authorization", "Bearer " + READ_TOKEN))
			.statusCode()).isEqualTo(200);
		assertThat(send(get(url, "/ui/api/services/Not_A_Name/leases").header("Cookie", cookie)).statusCode())
			.isEqualTo(400);
	}

	@Test
	void callsAnsweredAheadOfTheChainTakeTheSessionAsTheChainDoes() throws Exception {
		assertThat(register(url, WRITE_TOKEN, "beating", "beating-1", "{\"host\":\"10.0.0.1\",\"port\":8080}"))
			.isEqualTo(201);
		String reader = cookieOf(signIn(url, READ_TOKEN));
		HttpResponse<String> writerSignIn = signIn(url, WRITE_TOKEN);
		String writer = cookieOf(writerSignIn);
		String csrf = json(writerSignIn.body()).get("csrf").toString();

		assertThat(send(get(url, "/v1/services/beating").header("Cookie", reader)).statusCode()).isEqualTo(200);
		assertThat(send(get(url, "/v1/services/beating").header("Cookie", SessionCookie.NAME + "=ended"))
			.statusCode()).isEqualTo(401);
		assertThat(send(heartbeat(writer, null)).statusCode()).isEqualTo(403);
		assertThat(send(heartbeat(reader, null)).statusCode()).isEqualTo(403);
		assertThat(send(heartbeat(writer, csrf)).statusCode()).isEqualTo(204);
	}

	private static HttpRequest.Builder heartbeat(String cookie, String csrf) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(url + "/v1/services/beating/instances/beating-1/heartbeat"))
			.header("Cookie", cookie)
			.header("Origin", url)
			.PUT(HttpRequest.BodyPublishers.noBody());
		return (csrf != null) ? request.header(CrossSiteRequests.CSRF_HEADER, csrf) : request;
	}

	/**
	 * Answers given at once (no session, a refusal) must not stall the kept-alive connection
	 * for the request after them (reactor/reactor-netty#4361): each would time out.
	 */
	@Test
	void aKeptAliveConnectionAnswersEveryRequestAfterAnAnswerGivenAtOnce() throws Exception {
		String cookie = cookieOf(signIn(url, READ_TOKEN));
		for (int i = 0; i < 300; i++) {
			assertThat(send(get(url, "/ui/api/session")).statusCode()).isEqualTo(200);
			assertThat(send(get(url, "/ui/api/services/kept/leases")).statusCode()).isEqualTo(401);
			assertThat(send(get(url, "/ui/api/services/kept/leases").header("Cookie", cookie)).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void switchedOffTheDashboardIsNotServedAndItsCookieCountsForNothing() throws Exception {
		String cookie = cookieOf(signIn(url, WRITE_TOKEN));
		String off = start(prefix, "beacon.registry.ui.enabled=false");
		assertThat(send(get(off, "/ui/")).statusCode()).isEqualTo(404);
		assertThat(send(get(off, "/ui/api/session")).statusCode()).isEqualTo(404);
		HttpResponse<String> refused = send(get(off, "/v1/services").header("Cookie", cookie));
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(json(refused.body()).get("detail").toString()).isEqualTo("A bearer token is required");
		assertThat(send(get(url, "/v1/services").header("Cookie", cookie)).statusCode()).isEqualTo(200);
	}

	@Test
	void openReadsNeedNoSignInAndWrongTokensAreLimitedPerAddress() throws Exception {
		String open = start(newPrefix(), "beacon.registry.security.open-reads=true",
				"beacon.registry.ui.sign-in-attempts=2");
		assertThat(json(send(get(open, "/ui/api/session")).body())).containsEntry("signedIn", false)
			.containsEntry("read", true)
			.containsEntry("write", false)
			.containsEntry("signInNeeded", true);
		assertThat(signIn(open, "wrong-1").statusCode()).isEqualTo(401);
		assertThat(signIn(open, "wrong-2").statusCode()).isEqualTo(401);
		HttpResponse<String> limited = signIn(open, WRITE_TOKEN);
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");
	}

}

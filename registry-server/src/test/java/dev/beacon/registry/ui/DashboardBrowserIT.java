package dev.beacon.registry.ui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;

import static dev.beacon.registry.ui.DashboardHttp.cookieOf;
import static dev.beacon.registry.ui.DashboardHttp.get;
import static dev.beacon.registry.ui.DashboardHttp.json;
import static dev.beacon.registry.ui.DashboardHttp.send;
import static dev.beacon.registry.ui.DashboardHttp.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser (headless Chromium), served by the packaged registry on a
 * real Redis: sign-in, live pages, acting on an instance, and what a session may not do.
 */
class DashboardBrowserIT {

	private static final String READ_TOKEN = "it-dashboard-read";

	private static final String WRITE_TOKEN = "it-dashboard-write";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static JavaProcess registry;

	private static String url;

	private Browser browser;

	@BeforeAll
	static void startRegistry() {
		int port = FreePorts.next();
		url = "http://127.0.0.1:" + port;
		registry = start("registry-dashboard", port);
	}

	/** The packaged registry on a port, with a write and a read token, and its health answering. */
	private static JavaProcess start(String name, int port, String... more) {
		RedisEndpoint redis = RedisServers.shared();
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--beacon.registry.key-prefix=it" + UUID.randomUUID().toString().substring(0, 8),
				"--beacon.registry.security.tokens[0].name=dashboard-write",
				"--beacon.registry.security.tokens[0].value=" + WRITE_TOKEN,
				"--beacon.registry.security.tokens[0].roles=read,write",
				"--beacon.registry.security.tokens[1].name=dashboard-read",
				"--beacon.registry.security.tokens[1].value=" + READ_TOKEN,
				"--beacon.registry.security.tokens[1].roles=read"));
		arguments.addAll(List.of(more));
		JavaProcess process = JavaProcess.start(Path.of(System.getProperty("registry.jar")), name, arguments);
		try {
			process.awaitHttpOk("http://127.0.0.1:" + port + "/actuator/health", START_TIMEOUT);
		}
		catch (RuntimeException ex) {
			process.stop();
			throw ex;
		}
		return process;
	}

	@AfterAll
	static void stopRegistry() {
		if (registry != null) {
			registry.stop();
		}
	}

	@BeforeEach
	void openBrowser() {
		this.browser = Browser.open();
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void readTokenSignsInAndSeesEveryService() throws Exception {
		register("orders", "orders-1", "eu-west-1a", "UP");
		register("orders", "orders-2", "eu-west-1b", "UP");
		register("orders", "orders-3", "eu-west-1b", "OUT_OF_SERVICE");
		register("billing", "billing-1", "eu-west-1a", "UP");
		register("billing", "billing-2", "eu-west-1b", "UP");
		register("greeting", "greeting-1", "eu-west-1a", "UP");
		register("inventory", "inventory-1", null, "DOWN");
		register("frontend", "frontend-1", "eu-west-1a", "UP");
		register("frontend", "frontend-2", "eu-west-1a", "UP");
		this.browser.go(url + "/ui");
		this.browser.signIn(READ_TOKEN);

		assertThat(this.browser.find("#signed-in-as").getText()).contains("dashboard-read", "read only");
		await().atMost(Browser.WAIT).until(() -> this.browser.has("tr[data-service='frontend']"));
		assertThat(this.browser.find("tr[data-service='orders'] .counts").getText()).isEqualTo("2 / 3");
		assertThat(this.browser.text("tr[data-service='orders'] .zones")).isEqualTo("eu-west-1a, eu-west-1b");
		assertThat(this.browser.text("tr[data-service='inventory'] .counts")).isEqualTo("0 / 1");
		this.browser.screenshot("services");

		this.browser.find("#service-filter").sendKeys("bill");
		await().atMost(Browser.WAIT).until(() -> !this.browser.find("tr[data-service='orders']").isDisplayed());
		assertThat(this.browser.find("tr[data-service='billing']").isDisplayed()).isTrue();
		assertThat(this.browser.text("#totals")).startsWith("1 service,");

		this.browser.phoneInDarkMode();
		this.browser.find("#service-filter").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
		await().atMost(Browser.WAIT).until(() -> this.browser.find("tr[data-service='orders']").isDisplayed());
		this.browser.screenshot("services-phone-dark");
	}

	@Test
	void changesPageShowsEveryChangeLiveAndPauses() throws Exception {
		this.browser.go(url + "/ui/#/changes");
		this.browser.signIn(READ_TOKEN);
		this.browser.find("#signed-in-as");
		this.browser.find("nav a[data-page='changes']").click();
		this.browser.find("#pause");
		register("audit", "audit-1", "eu-west-1a", "UP");
		await().atMost(Browser.WAIT).until(() -> this.browser.has("#changes tr[data-type='register']"));
		assertThat(this.browser.text("#changes tr")).contains("register", "audit", "audit-1", "UP");

		this.browser.find("#pause").click();
		register("audit", "audit-2", "eu-west-1b", "UP");
		await().atMost(Browser.WAIT).until(() -> this.browser.text("#changes-pending").equals("1 new while paused"));
		assertThat(this.browser.text("#changes")).doesNotContain("audit-2");
		this.browser.find("#pause").click();
		assertThat(this.browser.text("#changes tr")).contains("audit-2");
		this.browser.screenshot("changes");
	}

	@Test
	void instanceRegisteredThroughTheApiAppearsOnTheOpenServicePage() throws Exception {
		register("payments", "payments-1", "eu-west-1a", "UP");
		this.browser.go(url + "/ui/");
		this.browser.signIn(READ_TOKEN);
		this.browser.find("tr[data-service='payments'] a").click();
		this.browser.find("tr[data-instance='payments-1']");
		assertThat(this.browser.has("tr[data-instance='payments-2']")).isFalse();

		register("payments", "payments-2", "eu-west-1b", "UP");

		await().atMost(Browser.WAIT).until(() -> this.browser.has("tr[data-instance='payments-2']"));
		assertThat(this.browser.text("tr[data-instance='payments-2'] .address")).isEqualTo("http://10.0.0.2:8080");
		assertThat(this.browser.text("#service-summary")).startsWith("2 of 2 instances up");
		assertThat(this.browser.text("#service-changes")).contains("register", "payments-2");
		await().atMost(Browser.WAIT)
			.until(() -> this.browser.text("tr[data-instance='payments-2'] .lease").endsWith(" s"));
		// registered before the page opened: the registry says when
		assertThat(this.browser.text("tr[data-instance='payments-1'] .registered")).endsWith(" ago");
		this.browser.screenshot("service");
	}

	@Test
	void writeTokenTakesAnInstanceOutOfServiceAndTheApiShowsIt() throws Exception {
		register("shipping", "shipping-1", "eu-west-1a", "UP");
		this.browser.go(url + "/ui/#/services/shipping");
		this.browser.signIn(WRITE_TOKEN);
		assertThat(this.browser.find("#signed-in-as").getText()).contains("read and write");
		this.browser.go(url + "/ui/#/services/shipping");
		this.browser.find("tr[data-instance='shipping-1'] button[data-action='out-of-service']").click();
		assertThat(this.browser.find("#confirm").isDisplayed()).isTrue();
		this.browser.screenshot("confirm");
		this.browser.find("#confirm-ok").click();

		await().atMost(Browser.WAIT).until(() -> "OUT_OF_SERVICE".equals(instance("shipping", "shipping-1").get("status")));
		await().atMost(Browser.WAIT)
			.until(() -> this.browser.has("tr[data-instance='shipping-1'][data-status='OUT_OF_SERVICE']"));
		this.browser.find("tr[data-instance='shipping-1'] button[data-action='up']").click();
		this.browser.find("#confirm-ok").click();
		await().atMost(Browser.WAIT).until(() -> "UP".equals(instance("shipping", "shipping-1").get("status")));
		this.browser.phoneInDarkMode();
		this.browser.find("tr[data-instance='shipping-1'] button[data-action='out-of-service']");
		this.browser.screenshot("service-phone-dark");
	}

	@Test
	void readSessionOffersNoControlAndForgedRequestsAreRefused() throws Exception {
		register("catalog", "catalog-1", "eu-west-1a", "UP");
		this.browser.go(url + "/ui/");
		this.browser.signIn(READ_TOKEN);
		this.browser.find("tr[data-service='catalog'] a").click();
		this.browser.find("tr[data-instance='catalog-1']");
		assertThat(this.browser.has("button[data-action]")).isFalse();

		// the page's own script, with the read session's cookie, cannot write
		assertThat(pageFetch("PUT", "/v1/services/catalog/instances/catalog-1/status", true)).isEqualTo(403L);

		// a write session: without its CSRF header, or from another origin, nothing changes
		Session write = signInOverHttp(WRITE_TOKEN);
		String status = "/v1/services/catalog/instances/catalog-1/status";
		HttpResponse<String> noCsrf = send(withSession(status, write, url, null));
		assertThat(noCsrf.statusCode()).isEqualTo(403);
		assertThat(noCsrf.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json(noCsrf.body()).get("detail").toString()).contains("CSRF");
		assertThat(send(withSession(status, write, url, "not-the-token")).statusCode()).isEqualTo(403);
		HttpResponse<String> crossSite = send(withSession(status, write, "https://elsewhere.example", write.csrf()));
		assertThat(crossSite.statusCode()).isEqualTo(403);
		assertThat(json(crossSite.body()).get("detail").toString()).contains("another origin");
		assertThat(instance("catalog", "catalog-1").get("status")).isEqualTo("UP");

		// with both, the same session may
		assertThat(send(withSession(status, write, url, write.csrf())).statusCode()).isEqualTo(204);
		assertThat(instance("catalog", "catalog-1").get("status")).isEqualTo("OUT_OF_SERVICE");
	}

	@Test
	void openReadsShowThePlatformWithoutSignIn() throws Exception {
		int port = FreePorts.next();
		String open = "http://127.0.0.1:" + port;
		try (JavaProcess openRegistry = start("registry-dashboard-open-reads", port,
				"--beacon.registry.security.open-reads=true")) {
			register(open, "reports", "reports-1", "eu-west-1a", "UP");
			this.browser.go(open + "/ui/");
			this.browser.find("tr[data-service='reports'] a").click();
			this.browser.find("tr[data-instance='reports-1']");
			assertThat(this.browser.has("button[data-action]")).isFalse();
			assertThat(this.browser.find("#sign-in-link").isDisplayed()).isTrue();
		}
	}

	@Test
	void wrongTokenIsRefusedWithAClearMessage() {
		this.browser.go(url + "/ui/");
		this.browser.signIn("not-a-token-of-this-registry");
		await().atMost(Browser.WAIT).until(() -> this.browser.find("#sign-in-error").isDisplayed());
		assertThat(this.browser.text("#sign-in-error")).contains("accepts no such token");
		assertThat(this.browser.driver().manage().getCookieNamed(SessionCookie.NAME)).isNull();
		this.browser.screenshot("sign-in-refused");
	}

	@Test
	void signOutEndsTheSession() throws Exception {
		this.browser.go(url + "/ui/");
		this.browser.signIn(READ_TOKEN);
		this.browser.find("#sign-out");
		Cookie cookie = this.browser.driver().manage().getCookieNamed(SessionCookie.NAME);
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Strict");
		assertThat(send(get(url, "/v1/services").header("Cookie", SessionCookie.NAME + "=" + cookie.getValue()))
			.statusCode()).isEqualTo(200);

		this.browser.find("#sign-out").click();

		this.browser.find("#sign-in-token");
		assertThat(send(get(url, "/v1/services").header("Cookie", SessionCookie.NAME + "=" + cookie.getValue()))
			.statusCode()).isEqualTo(401);
	}

	/** Status of a fetch the page's own script makes, with the session cookie and no CSRF header. */
	private long pageFetch(String method, String path, boolean json) {
		return (Long) this.browser.script("const done = arguments[arguments.length - 1];"
				+ "fetch(arguments[1], {method: arguments[0], headers: arguments[2] ? {'Content-Type': 'application/json'} : {},"
				+ " body: arguments[2] ? JSON.stringify({status: 'OUT_OF_SERVICE'}) : undefined})"
				+ ".then((r) => done(r.status), () => done(-1));", method, path, json);
	}

	private static Session signInOverHttp(String token) throws IOException, InterruptedException {
		HttpResponse<String> response = signIn(url, token);
		assertThat(response.statusCode()).isEqualTo(200);
		return new Session(cookieOf(response), json(response.body()).get("csrf").toString());
	}

	private static HttpRequest.Builder withSession(String path, Session session, String origin, String csrf) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
			.header("Cookie", session.cookie())
			.header("Origin", origin)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"OUT_OF_SERVICE\"}"));
		return (csrf != null) ? request.header(CrossSiteRequests.CSRF_HEADER, csrf) : request;
	}

	private static void register(String service, String id, String zone, String status)
			throws IOException, InterruptedException {
		register(url, service, id, zone, status);
	}

	private static void register(String base, String service, String id, String zone, String status)
			throws IOException, InterruptedException {
		String body = "{\"host\":\"10.0.0." + id.charAt(id.length() - 1) + "\",\"port\":8080,\"status\":\"" + status
				+ "\",\"ttlSeconds\":600" + ((zone != null) ? ",\"zone\":\"" + zone + "\"" : "")
				+ ",\"metadata\":{\"version\":\"1.4.2\"}}";
		assertThat(DashboardHttp.register(base, WRITE_TOKEN, service, id, body)).isIn(200, 201);
	}

	private static Map<String, Object> instance(String service, String id) throws IOException, InterruptedException {
		HttpResponse<String> response = send(get(url, "/v1/services/" + service + "/instances/" + id)
			.header("Authorization", "Bearer " + READ_TOKEN));
		return json(response.body());
	}

	private record Session(String cookie, String csrf) {
	}

}

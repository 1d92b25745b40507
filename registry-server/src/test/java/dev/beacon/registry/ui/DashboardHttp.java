package dev.beacon.registry.ui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP calls of the dashboard's tests, with cookies and origins set by hand: what a
 * browser would send, or what a forger could.
 */
final class DashboardHttp {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private DashboardHttp() {
	}

	static HttpRequest.Builder get(String base, String path) {
		return HttpRequest.newBuilder(URI.create(base + path)).GET();
	}

	/** A sign-in as the dashboard's page makes it, from the registry's own origin. */
	static HttpResponse<String> signIn(String base, String token) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(base + "/ui/api/session"))
			.header("Content-Type", "application/json")
			.header("Origin", base)
			.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}")));
	}

	/** Registers an instance through the API with a bearer token; answers the status. */
	static int register(String base, String token, String service, String id, String body)
			throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(base + "/v1/services/" + service + "/instances/" + id))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(body))).statusCode();
	}

	/** The {@code name=value} of a {@code Set-Cookie}, as a browser sends it back. */
	static String cookieOf(HttpResponse<?> response) {
		String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

	static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(String body) {
		return JsonMapper.shared().readValue(body, Map.class);
	}

}

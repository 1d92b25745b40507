package dev.beacon.registry.ui;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The cookie that carries a dashboard session's id: {@code HttpOnly}, so no script reads it;
 * {@code SameSite=Strict}, so no other site's page sends it; {@code Secure} when the request
 * came over HTTPS; for the whole server, since the dashboard calls the {@code /v1} API with it.
 */
final class SessionCookie {

	static final String NAME = "beacon-session";

	private SessionCookie() {
	}

	static @Nullable String read(ServerHttpRequest request) {
		HttpCookie cookie = request.getCookies().getFirst(NAME);
		return (cookie != null && !cookie.getValue().isEmpty()) ? cookie.getValue() : null;
	}

	static ResponseCookie of(String id, Duration maxAge, ServerHttpRequest request) {
		return ResponseCookie.from(NAME, id)
			.httpOnly(true)
			.sameSite("Strict")
			.secure(isHttps(request))
			.path("/")
			.maxAge(maxAge)
			.build();
	}

	/** A cookie that makes the browser forget the session's. */
	static ResponseCookie cleared(ServerHttpRequest request) {
		return of("", Duration.ZERO, request);
	}

	private static boolean isHttps(ServerHttpRequest request) {
		return request.getSslInfo() != null || "https".equalsIgnoreCase(request.getURI().getScheme());
	}

}

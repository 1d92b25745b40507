package dev.beacon.registry.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.cors.reactive.CorsUtils;

/**
 * Tells a request that changes something with a session cookie from one another site's page
 * made the browser send. {@code SameSite=Strict} keeps the cookie off cross-site requests in
 * today's browsers; these checks hold where it does not: the request must say it comes from
 * this origin ({@code Sec-Fetch-Site: same-origin}, or an {@code Origin} equal to the
 * request's own), and carry the session's CSRF token in a header, which only a page that read
 * it from the session can send.
 */
final class CrossSiteRequests {

	static final String CSRF_HEADER = "X-Beacon-CSRF";

	private static final String FETCH_SITE = "Sec-Fetch-Site";

	private CrossSiteRequests() {
	}

	/**
	 * Why a request does not come from the dashboard's own page.
	 * @param request the request
	 * @return the reason, or {@code null} when it does
	 */
	static @Nullable String foreignOrigin(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		String site = headers.getFirst(FETCH_SITE);
		if (site != null && !site.equalsIgnoreCase("same-origin")) {
			return "Refused a cross-site request (" + FETCH_SITE + ": " + site + "): the dashboard's session acts "
					+ "only from the dashboard's own pages";
		}
		String origin = headers.getOrigin();
		if (origin != null && CorsUtils.isCorsRequest(request)) {
			return "Refused a request from another origin (" + origin + "): the dashboard's session acts only "
					+ "from the dashboard's own pages";
		}
		if (site == null && origin == null) {
			return "Refused a request that names no origin: a request that changes something with the dashboard's "
					+ "session must come from its own pages";
		}
		return null;
	}

	/**
	 * Why a request does not come from the dashboard's own page of the session.
	 * @param request the request
	 * @param session the session its cookie names
	 * @return the reason, or {@code null} when it does
	 */
	static @Nullable String refusal(ServerHttpRequest request, StoredSession session) {
		String foreign = foreignOrigin(request);
		if (foreign != null) {
			return foreign;
		}
		String presented = request.getHeaders().getFirst(CSRF_HEADER);
		if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
				session.csrf().getBytes(StandardCharsets.US_ASCII))) {
			return "Refused a request without the session's CSRF token in the " + CSRF_HEADER + " header";
		}
		return null;
	}

}

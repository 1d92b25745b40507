package dev.beacon.registry.ui;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;

import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.Caller;
import dev.beacon.registry.security.SessionCredentials;

/**
 * The dashboard's session cookie as credentials of {@code /v1} calls: the session's token, as
 * configured now, decides as if it had been sent; a call that changes something must also pass
 * {@link CrossSiteRequests}.
 */
final class CookieSessionCredentials implements SessionCredentials {

	static final String ENDED = "The dashboard session has ended: sign in again";

	static final String TOKEN_GONE = "The token this dashboard session was opened with is no longer accepted: "
			+ "sign in again";

	private final SessionStore sessions;

	private final ApiAccess access;

	CookieSessionCredentials(SessionStore sessions, ApiAccess access) {
		this.sessions = sessions;
		this.access = access;
	}

	@Override
	public boolean carries(ServerHttpRequest request) {
		return SessionCookie.read(request) != null;
	}

	@Override
	public Mono<ApiAccess.Decision> decide(ServerHttpRequest request, String path) {
		String id = SessionCookie.read(request);
		if (id == null) {
			return Mono.just(ApiAccess.Decision.refused(HttpStatus.UNAUTHORIZED, ENDED));
		}
		return this.sessions.find(id)
			.map((session) -> decide(request, path, session))
			.defaultIfEmpty(ApiAccess.Decision.refused(HttpStatus.UNAUTHORIZED, ENDED));
	}

	private ApiAccess.Decision decide(ServerHttpRequest request, String path, StoredSession session) {
		Caller caller = this.access.callerOfDigest(session.tokenDigest());
		if (caller == null) {
			return ApiAccess.Decision.refused(HttpStatus.UNAUTHORIZED, TOKEN_GONE);
		}
		HttpMethod method = request.getMethod();
		if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
			String refusal = CrossSiteRequests.refusal(request, session);
			if (refusal != null) {
				return ApiAccess.Decision.refused(HttpStatus.FORBIDDEN, refusal);
			}
		}
		return this.access.decideFor(method, path, caller);
	}

}

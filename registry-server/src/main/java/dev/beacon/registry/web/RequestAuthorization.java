package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.SessionCredentials;

/**
 * Decides on a request by its bearer token, as {@link ApiAccess} does, or by the dashboard's
 * session when it sends no {@code Authorization} header but a session cookie. The one place
 * where the filter and the handlers ahead of the chain ask, so they decide alike; a request
 * with a token never reaches the sessions, which live in Redis.
 */
public final class RequestAuthorization {

	private final ApiAccess access;

	private final @Nullable SessionCredentials sessions;

	RequestAuthorization(ApiAccess access, @Nullable SessionCredentials sessions) {
		this.access = access;
		this.sessions = sessions;
	}

	Mono<ApiAccess.Decision> decide(ServerHttpRequest request) {
		return decide(request, request.getPath().pathWithinApplication().value());
	}

	/**
	 * Decides on a request as if it were made on another path: for a call outside the API that
	 * shows what one of its calls would (the dashboard's lease times, as a read of the service).
	 * @param request the request
	 * @param path the path of the API call it counts as
	 * @return granted with the caller, or why not
	 */
	public Mono<ApiAccess.Decision> decide(ServerHttpRequest request, String path) {
		ApiAccess.Decision now = decideAtOnce(request, path);
		return (now != null) ? Mono.just(now) : sessionOf(request, path);
	}

	/**
	 * The decision when the request's headers make it alone, as for every client of the API,
	 * which sends a bearer token: the hot calls ahead of the chain then decide as cheaply as
	 * without sessions.
	 * @param request the request
	 * @return the decision, or {@code null} when the session must be read: ask {@link #decide}
	 */
	ApiAccess.@Nullable Decision decideAtOnce(ServerHttpRequest request) {
		return decideAtOnce(request, request.getPath().pathWithinApplication().value());
	}

	private ApiAccess.@Nullable Decision decideAtOnce(ServerHttpRequest request, String path) {
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		SessionCredentials sessions = this.sessions;
		if (authorization == null && sessions != null && this.access.needsCaller(request.getMethod(), path)
				&& sessions.carries(request)) {
			return null;
		}
		return this.access.decide(request.getMethod(), path, authorization);
	}

	private Mono<ApiAccess.Decision> sessionOf(ServerHttpRequest request, String path) {
		SessionCredentials sessions = this.sessions;
		return (sessions != null) ? sessions.decide(request, path)
				: Mono.just(this.access.decide(request.getMethod(), path, null));
	}

}

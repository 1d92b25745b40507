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
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		SessionCredentials sessions = this.sessions;
		if (authorization == null && sessions != null && this.access.needsCaller(request.getMethod(), path)
				&& sessions.carries(request)) {
			return sessions.decide(request, path);
		}
		return Mono.just(this.access.decide(request.getMethod(), path, authorization));
	}

}

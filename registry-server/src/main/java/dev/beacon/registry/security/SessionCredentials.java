package dev.beacon.registry.security;

import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Credentials other than a bearer token: the dashboard's session cookie. Asked only about
 * requests that need a caller and send no {@code Authorization} header, so a client of the
 * API never meets them.
 */
public interface SessionCredentials {

	/**
	 * Whether a request carries such credentials, on its headers alone.
	 * @param request the request
	 * @return {@code true} when {@link #decide} should be asked
	 */
	boolean carries(ServerHttpRequest request);

	/**
	 * Decides on a request that carries them, as {@link ApiAccess} decides on a token's:
	 * {@code 401} for credentials no longer valid, {@code 403} when they do not allow it.
	 * @param request the request
	 * @param path the path within the application
	 * @return granted with the caller, or why not
	 */
	Mono<ApiAccess.Decision> decide(ServerHttpRequest request, String path);

}

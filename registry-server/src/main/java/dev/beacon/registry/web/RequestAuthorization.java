package dev.beacon.registry.web;

import java.security.cert.X509Certificate;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;

import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.Caller;
import dev.beacon.registry.security.SessionCredentials;

/**
 * Decides on a request by its bearer token, as {@link ApiAccess} does, or, when it sends no
 * {@code Authorization} header, by the client certificate it came with over mutual TLS, or by
 * the dashboard's session cookie. The one place
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
		if (authorization == null) {
			Caller certified = certified(request);
			if (certified != null) {
				return this.access.decideFor(request.getMethod(), path, certified);
			}
		}
		SessionCredentials sessions = this.sessions;
		if (authorization == null && sessions != null && this.access.needsCaller(request.getMethod(), path)
				&& sessions.carries(request)) {
			return null;
		}
		return this.access.decide(request.getMethod(), path, authorization);
	}

	/**
	 * The caller whose token names the client certificate the request came with, when the
	 * server asks for one ({@code server.ssl.client-auth}): TLS verified it against the trust
	 * store before the request was read.
	 */
	private @Nullable Caller certified(ServerHttpRequest request) {
		SslInfo tls = request.getSslInfo();
		X509Certificate[] chain = (tls != null) ? tls.getPeerCertificates() : null;
		return (chain != null && chain.length > 0)
				? this.access.callerOfCertificate(chain[0].getSubjectX500Principal()) : null;
	}

	private Mono<ApiAccess.Decision> sessionOf(ServerHttpRequest request, String path) {
		SessionCredentials sessions = this.sessions;
		return (sessions != null) ? sessions.decide(request, path)
				: Mono.just(this.access.decide(request.getMethod(), path, null));
	}

}

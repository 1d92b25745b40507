package dev.beacon.registry.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.beacon.registry.security.Caller;

/**
 * Guards the {@code /v1} calls that the WebFlux chain answers, as {@link RequestAuthorization} decides:
 * {@code 401} without a valid token, {@code 403} with a token that lacks the role or the
 * service's scope. Leaves the {@link Caller} granted in the exchange for the controllers. The calls
 * answered ahead of the chain decide for themselves, once. The token itself is never logged
 * or echoed.
 */
final class BearerTokenFilter implements WebFilter, Ordered {

	private final RequestAuthorization authorization;

	private final ApiProblems problems;

	BearerTokenFilter(RequestAuthorization authorization, ApiProblems problems) {
		this.authorization = authorization;
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		return this.authorization.decide(request).flatMap((decision) -> {
			if (decision.granted()) {
				exchange.getAttributes()
					.put(Caller.ATTRIBUTE, (decision.caller() != null) ? decision.caller() : Caller.ANONYMOUS);
				return chain.filter(exchange);
			}
			return this.problems.refuse(request, exchange.getResponse(),
					ApiProblems.refused(decision, request.getPath().value()));
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}

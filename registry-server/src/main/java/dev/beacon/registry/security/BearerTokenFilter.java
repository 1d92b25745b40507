package dev.beacon.registry.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Guards the {@code /v1} API with bearer tokens, as {@link ApiAccess} decides: answers
 * {@code 401} without a valid token and {@code 403} with a token that lacks the role. The token
 * itself is never logged or echoed.
 */
final class BearerTokenFilter implements WebFilter, Ordered {

	private final ApiAccess access;

	private final JsonMapper jsonMapper;

	BearerTokenFilter(ApiAccess access, JsonMapper jsonMapper) {
		this.access = access;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		ApiAccess.Decision decision = this.access.decide(request.getMethod(),
				request.getPath().pathWithinApplication().value(),
				request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
		if (decision.granted()) {
			return chain.filter(exchange);
		}
		return reject(exchange, decision.refusal(), decision.detail());
	}

	private Mono<Void> reject(ServerWebExchange exchange, HttpStatus status, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("instance", exchange.getRequest().getPath().value());
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"beacon\"");
		}
		byte[] body = this.jsonMapper.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}

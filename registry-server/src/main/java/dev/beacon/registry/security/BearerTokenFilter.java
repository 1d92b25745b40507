package dev.beacon.registry.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Guards the {@code /v1} API with bearer tokens: reads need the {@code read} role (unless reads
 * are open), everything else the {@code write} role. Answers {@code 401} without a valid token
 * and {@code 403} with a token that lacks the role. The token itself is never logged or echoed.
 */
public final class BearerTokenFilter implements WebFilter, Ordered {

	private static final String API = "/v1/";

	private static final String BEARER = "Bearer ";

	private final TokenVerifier verifier;

	private final boolean openReads;

	private final JsonMapper jsonMapper;

	public BearerTokenFilter(SecurityProperties properties, JsonMapper jsonMapper) {
		this.verifier = new TokenVerifier(properties.tokens());
		this.openReads = properties.openReads();
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.startsWith(API)) {
			return chain.filter(exchange);
		}
		HttpMethod method = exchange.getRequest().getMethod();
		boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
		if (read && this.openReads) {
			return chain.filter(exchange);
		}
		Role needed = read ? Role.READ : Role.WRITE;
		String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return reject(exchange, HttpStatus.UNAUTHORIZED, "A bearer token is required");
		}
		Set<Role> roles = this.verifier.rolesOf(authorization.substring(BEARER.length()).trim());
		if (roles.isEmpty()) {
			return reject(exchange, HttpStatus.UNAUTHORIZED, "The bearer token is not valid");
		}
		if (roles.stream().noneMatch((role) -> role.grants(needed))) {
			return reject(exchange, HttpStatus.FORBIDDEN,
					"The bearer token lacks the " + needed.name().toLowerCase() + " role");
		}
		return chain.filter(exchange);
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

package dev.beacon.gateway.exposure;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses, with a {@code 400} problem, a request path that could reach something other than
 * what it names once a route has cut it: a {@code .} or {@code ..} segment (also encoded, or
 * followed by {@code ;} parameters, which some servers still resolve), an encoded
 * {@code /} or {@code \}, a backslash or an encoded NUL. Browsers and HTTP clients remove dot
 * segments before they send a request, so only a hand-made request carries one; passing it
 * on would let {@code /greeting/../frontend/x} reach a {@code greeting} instance as
 * {@code /../frontend/x}, and leave each instance to decide what that means.
 */
class UnsafePathFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String rawPath = exchange.getRequest().getURI().getRawPath();
		if (rawPath == null || rawPath.indexOf('%') < 0 && rawPath.indexOf('\\') < 0 && !rawPath.contains("/.")) {
			return chain.filter(exchange);
		}
		String unsafe = unsafe(rawPath);
		if (unsafe != null) {
			return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"The request path holds " + unsafe + ": send the path it resolves to"));
		}
		return chain.filter(exchange);
	}

	private static @Nullable String unsafe(String rawPath) {
		String lower = rawPath.toLowerCase(Locale.ROOT);
		if (lower.contains("%2f") || lower.contains("%5c") || rawPath.indexOf('\\') >= 0) {
			return "an encoded separator or a backslash";
		}
		if (lower.contains("%00")) {
			return "an encoded NUL";
		}
		List<String> segments;
		try {
			segments = PathSegments.of(rawPath);
		}
		catch (IllegalArgumentException ex) {
			return "a malformed percent-escape";
		}
		for (String segment : segments) {
			if (segment.equals(".") || segment.equals("..")) {
				return "a dot segment ('" + segment + "')";
			}
		}
		return null;
	}

	/** First of all: no other filter should see such a path. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

package dev.beacon.registry.ui;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Headers that keep the dashboard's pages to themselves: scripts and styles only from the
 * registry's own files (none inline), no framing by another site, no sniffing of content
 * types, no referrer sent on; and no copy of an answer kept stale after an upgrade.
 */
final class DashboardHeaders implements WebFilter, Ordered {

	static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	private static final String UI = "/ui";

	static boolean isDashboard(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		return path.equals(UI) || path.startsWith(UI + "/");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (isDashboard(exchange)) {
			String path = exchange.getRequest().getPath().pathWithinApplication().value();
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("Content-Security-Policy", POLICY);
			headers.set("X-Content-Type-Options", "nosniff");
			headers.set("Referrer-Policy", "no-referrer");
			headers.set("X-Frame-Options", "DENY");
			headers.set(HttpHeaders.CACHE_CONTROL, path.startsWith(UI + "/api/") ? "no-store" : "no-cache");
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

package dev.beacon.gateway.headers;

import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@link RemoveXForwardedHeadersFilter} that hands the headers on as they are when no header
 * name starts with {@code X-Forwarded-}.
 */
class CopyOnRemoveRemoveXForwardedHeadersFilter extends RemoveXForwardedHeadersFilter {

	private static final String X_FORWARDED = "X-Forwarded-";

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		for (String name : input.headerNames()) {
			if (name.regionMatches(true, 0, X_FORWARDED, 0, X_FORWARDED.length())) {
				return super.filter(input, exchange);
			}
		}
		return input;
	}

}

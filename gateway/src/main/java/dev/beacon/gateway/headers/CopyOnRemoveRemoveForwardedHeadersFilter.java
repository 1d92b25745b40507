package dev.beacon.gateway.headers;

import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@link RemoveForwardedHeadersFilter} that hands the headers on as they are when there is no
 * {@code Forwarded} header.
 */
class CopyOnRemoveRemoveForwardedHeadersFilter extends RemoveForwardedHeadersFilter {

	private static final String FORWARDED = "Forwarded";

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		return input.containsHeader(FORWARDED) ? super.filter(input, exchange) : input;
	}

}

package dev.beacon.gateway.headers;

import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@link RemoveHopByHopHeadersFilter} that hands the headers on as they are when none of its
 * headers is present and no {@code Connection} header names more.
 */
class CopyOnRemoveRemoveHopByHopHeadersFilter extends RemoveHopByHopHeadersFilter {

	CopyOnRemoveRemoveHopByHopHeadersFilter(RemoveHopByHopHeadersFilter configured) {
		setHeaders(configured.getHeaders());
		setOrder(configured.getOrder());
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		if (input.containsHeader(HttpHeaders.CONNECTION)) {
			return super.filter(input, exchange);
		}
		for (String header : getHeaders()) {
			if (input.containsHeader(header)) {
				return super.filter(input, exchange);
			}
		}
		return input;
	}

}

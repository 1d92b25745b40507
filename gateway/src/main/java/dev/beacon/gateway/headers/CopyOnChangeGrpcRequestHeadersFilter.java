package dev.beacon.gateway.headers;

import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@link GRPCRequestHeadersFilter} that hands the headers on as they are unless the request is
 * gRPC, the only case in which it adds a header.
 */
class CopyOnChangeGrpcRequestHeadersFilter extends GRPCRequestHeadersFilter {

	private static final String GRPC = "application/grpc";

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		String contentType = input.getFirst(HttpHeaders.CONTENT_TYPE);
		return (contentType != null && StringUtils.startsWithIgnoreCase(contentType, GRPC))
				? super.filter(input, exchange) : input;
	}

}

package dev.beacon.registry.ui;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Passes the dashboard's requests without a body on only once they have been read to their
 * end. Reactor Netty 1.3.6 stops reading a keep-alive connection when it answers at once a
 * request that it had held back while the previous answer finished, before reading that
 * request's end (reactor/reactor-netty#4361); the next request on the connection then hangs.
 * The dashboard answers some requests at once (its session when there is none, refusals),
 * and browsers keep their connections; the API's plain service read does the same for the
 * same reason.
 */
final class ReadToEndFirst implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if (!DashboardHeaders.isDashboard(exchange) || headers.getContentLength() > 0
				|| headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
			return chain.filter(exchange);
		}
		return exchange.getRequest()
			.getBody()
			.doOnNext(DataBufferUtils::release)
			.then(Mono.defer(() -> chain.filter(exchange)));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}

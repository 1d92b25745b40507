package dev.beacon.gateway.transport;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Lets an instance's small answer reach the client in one write, headers and body together
 * (see {@link WholeBodyResponse}), where stock Reactor Netty writes the headers, then streams the
 * body once that write completed.
 */
final class SmallAnswerBufferingFilter implements GlobalFilter, Ordered {

	private final int limit;

	SmallAnswerBufferingFilter(int limit) {
		this.limit = limit;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (this.limit == 0) {
			return chain.filter(exchange);
		}
		WholeBodyResponse response = new WholeBodyResponse(exchange.getResponse(), this.limit);
		return chain.filter(exchange.mutate().response(response).build());
	}

	/**
	 * First, so that its response wraps the server's own: filters that rewrite the body
	 * decorate it later, and what they finally write is what gets buffered.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

package dev.beacon.gateway.routing;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The {@code BeaconService} filter, after the {@code BeaconService} predicate: removes the
 * service's segment from the path ({@code /greeting/hello} → {@code /hello}) and sends the
 * request to {@code lb://{service}} under the route id {@code beacon_{service}}.
 */
class BeaconServiceGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private final ServiceRoutes routes;

	BeaconServiceGatewayFilterFactory(KnownServices services) {
		super(Object.class);
		this.routes = new ServiceRoutes(services);
	}

	@Override
	public GatewayFilter apply(Object config) {
		return new ServiceFilter(this.routes);
	}

	private record ServiceFilter(ServiceRoutes routes) implements GatewayFilter {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			String service = exchange.getAttribute(BeaconServiceRoutePredicateFactory.SERVICE_ATTR);
			Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
			if (service == null || route == null) {
				return chain.filter(exchange);
			}
			exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, this.routes.of(service, route));
			ServerHttpRequest request = exchange.getRequest();
			ServerWebExchangeUtils.addOriginalRequestUrl(exchange, request.getURI());
			ServerHttpRequest stripped = request.mutate()
				.path(ServicePaths.remaining(request.getURI().getRawPath(), service))
				.build();
			return chain.filter(exchange.mutate().request(stripped).build());
		}

		@Override
		public String toString() {
			return "BeaconService: /{service}/** to lb://{service}, prefix removed";
		}

	}

}

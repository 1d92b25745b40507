package dev.beacon.gateway.routing;

import java.net.URI;
import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.core.Ordered;

/**
 * The discovery route: {@code /{service}/**} goes to {@code lb://{service}} with the prefix
 * removed, for every service the registry knows, whatever the status of its instances. A
 * service whose instances are all down or starting is still routed, so the gateway answers
 * {@code 503} naming it; a name nobody registered matches nothing and gets {@code 404}.
 * <p>
 * One route serves every service, rather than one route per service: it asks
 * {@link KnownServices} at each request, so a new service is routable as soon as the catalog
 * knows it, where rebuilding hundreds of routes on each new service took up to a second, and
 * finding a route does not mean trying hundreds of path patterns in turn. It comes after
 * every other route, so routes written in {@code spring.cloud.gateway.server.webflux.routes}
 * take precedence; default filters apply to it as to any route.
 */
class DiscoveryRoutes implements RouteDefinitionLocator {

	/** Id of the discovery route; requests it routes carry the id {@code beacon_{service}}. */
	static final String ROUTE_ID = "beacon_discovery";

	private final RouteDefinition route = discoveryRoute();

	@Override
	public Flux<RouteDefinition> getRouteDefinitions() {
		return Flux.just(this.route);
	}

	private static RouteDefinition discoveryRoute() {
		RouteDefinition route = new RouteDefinition();
		route.setId(ROUTE_ID);
		// the URI is chosen per request by the BeaconService filter
		route.setUri(URI.create("no://op"));
		route.setOrder(Ordered.LOWEST_PRECEDENCE);
		PredicateDefinition service = new PredicateDefinition();
		service.setName("BeaconService");
		route.setPredicates(List.of(service));
		FilterDefinition routing = new FilterDefinition();
		routing.setName("BeaconService");
		route.setFilters(List.of(routing));
		return route;
	}

}

package dev.beacon.gateway;

import java.net.URI;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;

import dev.beacon.discovery.catalog.InstanceCatalog;

/**
 * One route per service the registry knows, whatever the status of its instances:
 * {@code /{service}/**} goes to {@code lb://{service}} with the prefix removed. A service whose
 * instances are all down or starting keeps its route, so the gateway answers {@code 503}
 * naming it; a name nobody registered has no route and gets {@code 404}. (Spring Cloud
 * Gateway's own discovery locator drops a service as soon as none of its instances is up.)
 * Routes are rebuilt whenever the catalog changes, through Spring Cloud's heartbeat event.
 */
class DiscoveryRoutes implements RouteDefinitionLocator {

	private final InstanceCatalog catalog;

	private final String ownName;

	DiscoveryRoutes(InstanceCatalog catalog, String ownName) {
		this.catalog = catalog;
		this.ownName = ownName;
	}

	@Override
	public Flux<RouteDefinition> getRouteDefinitions() {
		return this.catalog.current(this.catalog::serviceNames)
			.flatMapIterable((names) -> names)
			.filter((service) -> !service.equals(this.ownName))
			.map(DiscoveryRoutes::route);
	}

	private static RouteDefinition route(String service) {
		RouteDefinition route = new RouteDefinition();
		route.setId("beacon_" + service);
		route.setUri(URI.create("lb://" + service));
		PredicateDefinition path = new PredicateDefinition();
		path.setName("Path");
		path.addArg("pattern", "/" + service + "/**");
		route.setPredicates(List.of(path));
		FilterDefinition rewrite = new FilterDefinition();
		rewrite.setName("RewritePath");
		rewrite.setArgs(Map.of("regexp", "/" + service + "/?(?<remaining>.*)", "replacement", "/${remaining}"));
		route.setFilters(List.of(rewrite));
		return route;
	}

}

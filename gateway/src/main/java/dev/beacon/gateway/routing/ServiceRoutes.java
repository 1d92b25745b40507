package dev.beacon.gateway.routing;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.gateway.route.Route;

/**
 * The route of one service, {@code beacon_{service}} to {@code lb://{service}}, derived from
 * the discovery route. Everything after the route's own filters reads the route to know where
 * a request goes and what it is called (URL resolution, load balancing, the
 * {@code spring.cloud.gateway.requests} metric's {@code routeId} and {@code routeUri} tags,
 * the problem answers), so each request carries the route of its service as if there were
 * one route per service. Built once per service; services that left are forgotten when new
 * ones come.
 */
final class ServiceRoutes {

	private final Map<String, Route> routes = new ConcurrentHashMap<>();

	private final KnownServices services;

	ServiceRoutes(KnownServices services) {
		this.services = services;
	}

	Route of(String service, Route discoveryRoute) {
		Route route = this.routes.get(service);
		if (route == null) {
			this.routes.keySet().removeIf((name) -> !this.services.contains(name));
			route = this.routes.computeIfAbsent(service, (name) -> derive(name, discoveryRoute));
		}
		return route;
	}

	private static Route derive(String service, Route discoveryRoute) {
		return Route.async()
			.id(id(service))
			.uri(uri(service))
			.order(discoveryRoute.getOrder())
			.asyncPredicate(discoveryRoute.getPredicate())
			.replaceFilters(discoveryRoute.getFilters())
			.replaceMetadata(discoveryRoute.getMetadata())
			.build();
	}

	static String id(String service) {
		return "beacon_" + service;
	}

	static URI uri(String service) {
		return URI.create("lb://" + service);
	}

}

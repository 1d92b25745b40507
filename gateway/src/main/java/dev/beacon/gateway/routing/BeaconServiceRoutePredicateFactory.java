package dev.beacon.gateway.routing;

import java.util.function.Predicate;

import org.springframework.cloud.gateway.handler.predicate.AbstractRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.GatewayPredicate;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@code BeaconService} route predicate: matches when the first path segment names a
 * service the registry knows, and remembers that service for
 * {@link BeaconServiceGatewayFilterFactory}. The set of services is read at each request, so
 * a new service needs no route refresh to be routable.
 */
public class BeaconServiceRoutePredicateFactory extends AbstractRoutePredicateFactory<Object> {

	/** Exchange attribute holding the service the first path segment named. */
	public static final String SERVICE_ATTR = BeaconServiceRoutePredicateFactory.class.getName() + ".service";

	private final KnownServices services;

	BeaconServiceRoutePredicateFactory(KnownServices services) {
		super(Object.class);
		this.services = services;
	}

	@Override
	public Predicate<ServerWebExchange> apply(Object config) {
		return new ServicePredicate(this.services);
	}

	private record ServicePredicate(KnownServices services) implements GatewayPredicate {

		@Override
		public boolean test(ServerWebExchange exchange) {
			String service = ServicePaths.service(exchange.getRequest().getURI().getRawPath());
			if (service == null || !this.services.contains(service)) {
				return false;
			}
			exchange.getAttributes().put(SERVICE_ATTR, service);
			return true;
		}

		/** What {@code /actuator/gateway/routes} shows: each service with its route id and URI. */
		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("First path segment names a service: {");
			String separator = "";
			for (String service : this.services.names()) {
				text.append(separator).append(ServiceRoutes.id(service)).append('=').append(ServiceRoutes.uri(service));
				separator = ", ";
			}
			return text.append('}').toString();
		}

	}

}

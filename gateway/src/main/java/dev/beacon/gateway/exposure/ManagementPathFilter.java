package dev.beacon.gateway.exposure;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Never forwards a request to an instance's management endpoints (its Actuator): a request
 * that load balancing sent to an instance, on a path under the instance's
 * {@code management.context-path} (its metadata, {@code /actuator} when it has none), is
 * answered {@code 404} as a path nothing serves. Actuator's endpoints show an instance's
 * configuration and health details, and some of them change it ({@code serviceregistry} takes
 * the instance out of rotation); they are for the platform, not for whoever reaches the
 * gateway. An instance whose management server listens on a port of its own
 * ({@code management.port} in its metadata) serves no such path on the port the gateway
 * uses, so its requests pass. Nor can endpoints mapped at the root
 * ({@code management.endpoints.web.base-path=/}) be told from the application's own paths:
 * those pass too, and the starter warns about them.
 * <p>
 * Runs after load balancing, whatever the route ({@code lb://} routes written by hand too),
 * and checks the path as it will reach the instance, after the route's filters rewrote it.
 */
class ManagementPathFilter implements GlobalFilter, Ordered {

	static final String CONTEXT_PATH = "management.context-path";

	static final String PORT = "management.port";

	private static final String DEFAULT_CONTEXT_PATH = "/actuator";

	/** Instances of one platform use a handful of management paths; metadata is not trusted to. */
	private static final int MAX_REMEMBERED = 64;

	private final Map<String, List<String>> contextPaths = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Response<ServiceInstance> chosen = exchange
			.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (chosen == null || !chosen.hasServer() || target == null || target.getRawPath() == null) {
			return chain.filter(exchange);
		}
		ServiceInstance instance = chosen.getServer();
		if (managementOnOwnPort(instance) || !isManagementPath(target.getRawPath(), instance)) {
			return chain.filter(exchange);
		}
		return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
				"Nothing is served at " + exchange.getRequest().getPath().value()));
	}

	private static boolean managementOnOwnPort(ServiceInstance instance) {
		String port = instance.getMetadata().get(PORT);
		return port != null && !port.equals(Integer.toString(instance.getPort()));
	}

	private boolean isManagementPath(String rawPath, ServiceInstance instance) {
		String contextPath = instance.getMetadata().getOrDefault(CONTEXT_PATH, DEFAULT_CONTEXT_PATH);
		List<String> base = this.contextPaths.get(contextPath);
		if (base == null) {
			base = segments(contextPath);
			if (this.contextPaths.size() < MAX_REMEMBERED) {
				this.contextPaths.put(contextPath, base);
			}
		}
		if (base.isEmpty()) {
			// endpoints mapped at the root cannot be told from the application's own paths
			return false;
		}
		try {
			return PathSegments.under(rawPath, base);
		}
		catch (IllegalArgumentException ex) {
			// not a path any server decodes: nothing to forward
			return true;
		}
	}

	private static List<String> segments(String contextPath) {
		try {
			return PathSegments.of(contextPath);
		}
		catch (IllegalArgumentException ex) {
			return PathSegments.of(DEFAULT_CONTEXT_PATH);
		}
	}

	/** Right after load balancing, which chooses the instance whose metadata tells. */
	@Override
	public int getOrder() {
		return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
	}

}

package dev.beacon.gateway.balancing;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.CompletionContext.Status;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycleValidator;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.gateway.config.GatewayLoadBalancerProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.DelegatingServiceInstance;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sends each request of an {@code lb://} route to the instance its service's LoadBalancer
 * chooses, as Spring Cloud Gateway's own {@link ReactiveLoadBalancerClientFilter} does (same
 * order, attributes, hints, lifecycle callbacks and {@code 503}), which it replaces.
 * <p>
 * What that filter looks up in the service's LoadBalancer context at every request (the
 * balancer, the lifecycle beans with their ancestors', the hint) is looked up once per service
 * here: those beans do not change once the context exists, and the lookups were about 3% of
 * the gateway's CPU in a profile under load. A service without lifecycle beans, the usual
 * case, also goes without the operators that would call them. One small entry is kept per
 * service ever routed, beside the LoadBalancer context that Spring Cloud keeps for it anyway.
 */
public class BeaconLoadBalancerClientFilter extends ReactiveLoadBalancerClientFilter {

	private final LoadBalancerClientFactory loadBalancers;

	private final GatewayLoadBalancerProperties properties;

	private final Map<String, Balancing> services = new ConcurrentHashMap<>();

	public BeaconLoadBalancerClientFilter(LoadBalancerClientFactory loadBalancers,
			GatewayLoadBalancerProperties properties) {
		super(loadBalancers, properties);
		this.loadBalancers = loadBalancers;
		this.properties = properties;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		String schemePrefix = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR);
		if (url == null || !("lb".equals(url.getScheme()) || "lb".equals(schemePrefix))) {
			return chain.filter(exchange);
		}
		ServerWebExchangeUtils.addOriginalRequestUrl(exchange, url);
		String service = url.getHost();
		if (service == null) {
			return Mono.error(NotFoundException.create(this.properties.isUse404(), "No service named in " + url));
		}
		Balancing balancing = balancing(service);
		DefaultRequest<RequestDataContext> request = new DefaultRequest<>(new RequestDataContext(
				new RequestData(exchange.getRequest(), exchange.getAttributes()), balancing.hint()));
		// lb:ws://orders keeps ws; plain lb://orders follows the instance
		String keptScheme = (schemePrefix != null) ? url.getScheme() : null;
		Set<LoadBalancerLifecycle> lifecycles = balancing.lifecycles();
		lifecycles.forEach((lifecycle) -> lifecycle.onStart(request));
		Mono<Void> forwarded = balancing.balancer()
			.choose(request)
			.defaultIfEmpty(new EmptyResponse())
			.flatMap((response) -> forward(exchange, chain, service, keptScheme, request, response, lifecycles));
		if (lifecycles.isEmpty()) {
			return forwarded;
		}
		return forwarded
			.doOnError((ex) -> lifecycles.forEach((lifecycle) -> lifecycle
				.onComplete(new CompletionContext<ResponseData, ServiceInstance, RequestDataContext>(Status.FAILED, ex,
						request, chosen(exchange)))))
			.doOnSuccess((done) -> lifecycles.forEach((lifecycle) -> lifecycle
				.onComplete(new CompletionContext<ResponseData, ServiceInstance, RequestDataContext>(Status.SUCCESS,
						request, chosen(exchange), new ResponseData(exchange.getResponse(),
								new RequestData(exchange.getRequest(), exchange.getAttributes()))))));
	}

	/**
	 * Points the request at the chosen instance and passes it on, or fails it with
	 * {@code 503} when there is none.
	 */
	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, String service,
			@Nullable String keptScheme, DefaultRequest<RequestDataContext> request, Response<ServiceInstance> response,
			Set<LoadBalancerLifecycle> lifecycles) {
		if (!response.hasServer()) {
			lifecycles.forEach((lifecycle) -> lifecycle
				.onComplete(new CompletionContext<>(Status.DISCARD, request, response)));
			return Mono.error(noInstance(service));
		}
		ServiceInstance instance = response.getServer();
		String scheme = (keptScheme != null) ? keptScheme : (instance.isSecure() ? "https" : "http");
		URI target = LoadBalancerUriTools.reconstructURI(new DelegatingServiceInstance(instance, scheme),
				exchange.getRequest().getURI());
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, response);
		lifecycles.forEach((lifecycle) -> lifecycle.onStartRequest(request, response));
		return chain.filter(exchange);
	}

	private NotFoundException noInstance(String service) {
		return NotFoundException.create(this.properties.isUse404(), "Unable to find instance for " + service);
	}

	private static Response<ServiceInstance> chosen(ServerWebExchange exchange) {
		return exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
	}

	private Balancing balancing(String service) {
		Balancing balancing = this.services.get(service);
		if (balancing == null) {
			// built outside the map's lock: the first lookup may create the service's context
			balancing = Balancing.of(service, this.loadBalancers);
			Balancing raced = this.services.putIfAbsent(service, balancing);
			balancing = (raced != null) ? raced : balancing;
		}
		return balancing;
	}

	/**
	 * What balancing one service needs, from its LoadBalancer context.
	 */
	private record Balancing(ReactorServiceInstanceLoadBalancer balancer, Set<LoadBalancerLifecycle> lifecycles,
			String hint) {

		@SuppressWarnings("unchecked")
		static Balancing of(String service, LoadBalancerClientFactory loadBalancers) {
			ReactorServiceInstanceLoadBalancer balancer = loadBalancers.getInstance(service,
					ReactorServiceInstanceLoadBalancer.class);
			if (balancer == null) {
				throw new NotFoundException("No loadbalancer available for " + service);
			}
			Set<LoadBalancerLifecycle> lifecycles = LoadBalancerLifecycleValidator.getSupportedLifecycleProcessors(
					loadBalancers.getInstances(service, LoadBalancerLifecycle.class), RequestDataContext.class,
					ResponseData.class, ServiceInstance.class);
			Map<String, String> hints = loadBalancers.getProperties(service).getHint();
			String hint = hints.getOrDefault(service, hints.getOrDefault("default", "default"));
			return new Balancing(balancer, Set.copyOf(lifecycles), hint);
		}

	}

}

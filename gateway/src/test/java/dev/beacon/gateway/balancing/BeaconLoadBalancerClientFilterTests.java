package dev.beacon.gateway.balancing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.gateway.config.GatewayLoadBalancerProperties;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientConfiguration;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClientSpecification;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.loadbalancer.support.ServiceInstanceListSuppliers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Behaves as Spring Cloud Gateway's own LoadBalancer filter does: the request goes to the
 * instance the service's balancer chose, a service without instances gets {@code 503}, and
 * lifecycle beans see every step.
 */
class BeaconLoadBalancerClientFilterTests {

	private static final Map<String, List<ServiceInstance>> INSTANCES = Map.of("orders",
			List.of(new DefaultServiceInstance("orders-1", "orders", "10.0.0.1", 8081, false)), "billing",
			List.of(new DefaultServiceInstance("billing-1", "billing", "10.0.0.2", 8443, true)), "empty", List.of());

	private final GenericApplicationContext parent = new GenericApplicationContext();

	private final LoadBalancerClientFactory loadBalancers = new LoadBalancerClientFactory(
			new LoadBalancerClientsProperties());

	private final BeaconLoadBalancerClientFilter filter = new BeaconLoadBalancerClientFilter(this.loadBalancers,
			new GatewayLoadBalancerProperties());

	BeaconLoadBalancerClientFilterTests() {
		this.parent.getBeanFactory().registerSingleton("loadBalancerClientFactory", this.loadBalancers);
		this.parent.refresh();
		this.loadBalancers.setApplicationContext(this.parent);
		this.loadBalancers.setConfigurations(List.of(new LoadBalancerClientSpecification(
				"default." + StaticInstances.class.getName(), new Class<?>[] { StaticInstances.class })));
	}

	@AfterEach
	void close() {
		this.loadBalancers.destroy();
		this.parent.close();
	}

	@Test
	void requestGoesToTheChosenInstanceWithItsPathAndQuery() {
		MockServerWebExchange exchange = exchange("lb://orders/hello?name=x");

		ServerWebExchange forwarded = forward(exchange);

		assertThat(requestUrl(forwarded)).isEqualTo(URI.create("http://10.0.0.1:8081/hello?name=x"));
		Response<ServiceInstance> chosen = forwarded
			.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		assertThat(chosen.getServer().getInstanceId()).isEqualTo("orders-1");
		Set<URI> originals = forwarded.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		assertThat(originals).contains(URI.create("lb://orders/hello?name=x"));
	}

	@Test
	void secureInstanceIsCalledOverHttpsAndSchemePrefixKeepsItsScheme() {
		assertThat(requestUrl(forward(exchange("lb://billing/pay")))).isEqualTo(URI.create("https://10.0.0.2:8443/pay"));

		MockServerWebExchange websocket = exchange("ws://orders/hello");
		websocket.getAttributes().put(ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR, "lb");
		assertThat(requestUrl(forward(websocket))).isEqualTo(URI.create("ws://10.0.0.1:8081/hello"));
	}

	@Test
	void serviceWithoutInstanceIsUnavailable() {
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.filter.filter(exchange("lb://empty/hello"), (next) -> Mono.empty()).block())
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE))
			.withMessageContaining("empty");
	}

	@Test
	void otherSchemesPassUntouched() {
		MockServerWebExchange exchange = exchange("http://10.0.0.9:8080/hello");

		ServerWebExchange forwarded = forward(exchange);

		assertThat(requestUrl(forwarded)).isEqualTo(URI.create("http://10.0.0.9:8080/hello"));
		assertThat(forwarded.getAttributes()).doesNotContainKey(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
	}

	@Test
	void lifecycleBeansSeeStartChoiceAndCompletion() {
		RecordingLifecycle lifecycle = new RecordingLifecycle();
		this.parent.getBeanFactory().registerSingleton("recordingLifecycle", lifecycle);

		forward(exchange("lb://orders/hello"));
		assertThat(lifecycle.steps).containsExactly("start", "startRequest orders-1", "complete SUCCESS orders-1");

		lifecycle.steps.clear();
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.filter.filter(exchange("lb://empty/hello"), (next) -> Mono.empty()).block());
		assertThat(lifecycle.steps).containsExactly("start", "complete DISCARD none", "complete FAILED none");

		lifecycle.steps.clear();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.filter
				.filter(exchange("lb://orders/hello"), (next) -> Mono.error(new IllegalStateException("reset")))
				.block());
		assertThat(lifecycle.steps).containsExactly("start", "startRequest orders-1", "complete FAILED orders-1");
	}

	private ServerWebExchange forward(MockServerWebExchange exchange) {
		AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();
		this.filter.filter(exchange, (next) -> {
			forwarded.set(next);
			return Mono.empty();
		}).block();
		return forwarded.get();
	}

	private static URI requestUrl(ServerWebExchange exchange) {
		return exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
	}

	private static MockServerWebExchange exchange(String url) {
		URI uri = URI.create(url);
		String pathAndQuery = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gateway" + pathAndQuery)));
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, uri);
		return exchange;
	}

	/** Each service's instances, fixed, with LoadBalancer's default round robin. */
	@Configuration(proxyBeanMethods = false)
	static class StaticInstances extends LoadBalancerClientConfiguration {

		@Bean
		ServiceInstanceListSupplier staticInstances(Environment environment) {
			String service = LoadBalancerClientFactory.getName(environment);
			return ServiceInstanceListSuppliers.from(service,
					INSTANCES.get(service).toArray(ServiceInstance[]::new));
		}

	}

	static class RecordingLifecycle implements LoadBalancerLifecycle<RequestDataContext, ResponseData, ServiceInstance> {

		final List<String> steps = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(Request<RequestDataContext> request) {
			this.steps.add("start");
		}

		@Override
		public void onStartRequest(Request<RequestDataContext> request, Response<ServiceInstance> response) {
			this.steps.add("startRequest " + response.getServer().getInstanceId());
		}

		@Override
		public void onComplete(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> context) {
			Response<ServiceInstance> response = context.getLoadBalancerResponse();
			this.steps.add("complete " + context.status() + " "
					+ ((response != null && response.hasServer()) ? response.getServer().getInstanceId() : "none"));
		}

	}

}

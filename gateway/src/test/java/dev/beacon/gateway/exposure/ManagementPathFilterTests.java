package dev.beacon.gateway.exposure;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests reach an instance's management endpoints: none, unless the instance serves
 * them on a port of its own or the gateway is told to forward them.
 */
class ManagementPathFilterTests {

	private final ManagementPathFilter filter = new ManagementPathFilter();

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/", "/actuator/serviceregistry", "/actuator/health/liveness",
			"//actuator/health", "/%61ctuator/health", "/actuator;x=1/serviceregistry" })
	void managementPathsAreNotForwarded(String path) {
		assertRefused(path, instance(Map.of(ManagementPathFilter.CONTEXT_PATH, "/actuator")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/hello", "/", "/actuators", "/api/actuator/health", "/actuatorx/health" })
	void otherPathsAreForwarded(String path) {
		assertThat(forwarded(path, instance(Map.of(ManagementPathFilter.CONTEXT_PATH, "/actuator")))).isTrue();
	}

	@Test
	void anInstanceWithoutMetadataIsTakenToServeActuatorAtItsDefaultPath() {
		assertRefused("/actuator/env", instance(Map.of()));
	}

	@Test
	void theInstancesOwnContextPathIsHonoured() {
		ServiceInstance instance = instance(Map.of(ManagementPathFilter.CONTEXT_PATH, "/app/manage"));

		assertRefused("/app/manage/health", instance);
		assertThat(forwarded("/actuator/health", instance)).isTrue();
		assertThat(forwarded("/app/hello", instance)).isTrue();
	}

	@Test
	void anInstanceWithManagementOnItsOwnPortServesNoManagementPathOnItsMainPort() {
		assertThat(forwarded("/actuator/health", instance(Map.of(ManagementPathFilter.CONTEXT_PATH, "/actuator",
				ManagementPathFilter.PORT, "9001")))).isTrue();
		assertRefused("/actuator/health", instance(Map.of(ManagementPathFilter.CONTEXT_PATH, "/actuator",
				ManagementPathFilter.PORT, "8080")));
	}

	@Test
	void endpointsAtTheRootCannotBeToldApartAndPass() {
		assertThat(forwarded("/hello", instance(Map.of(ManagementPathFilter.CONTEXT_PATH, "/")))).isTrue();
	}

	@Test
	void requestsNotBalancedToAnInstancePass() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health"));
		AtomicBoolean passed = new AtomicBoolean();

		this.filter.filter(exchange, (forwarded) -> Mono.fromRunnable(() -> passed.set(true))).block();

		assertThat(passed).isTrue();
	}

	@Test
	void forwardingCanBeSwitchedOn() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withUserConfiguration(ExposureConfiguration.class);
		runner.run((context) -> assertThat(context).hasSingleBean(ManagementPathFilter.class)
			.hasSingleBean(UnsafePathFilter.class));
		runner.withPropertyValues("beacon.gateway.forward-management-paths=true")
			.run((context) -> assertThat(context).doesNotHaveBean(ManagementPathFilter.class)
				.hasSingleBean(UnsafePathFilter.class));
	}

	private void assertRefused(String path, ServiceInstance instance) {
		StepVerifier.create(this.filter.filter(exchange(path, instance), (forwarded) -> Mono.empty()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(ResponseStatusException.class,
					(refused) -> assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND)))
			.verify();
	}

	private boolean forwarded(String path, ServiceInstance instance) {
		AtomicBoolean passed = new AtomicBoolean();
		GatewayFilterChain chain = (exchange) -> Mono.fromRunnable(() -> passed.set(true));
		this.filter.filter(exchange(path, instance), chain).block();
		return passed.get();
	}

	private static MockServerWebExchange exchange(String path, ServiceInstance instance) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gateway/greeting" + path)));
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, URI.create("http://10.0.0.1:8080" + path));
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR, new DefaultResponse(instance));
		return exchange;
	}

	private static ServiceInstance instance(Map<String, String> metadata) {
		return new DefaultServiceInstance("greeting-1", "greeting", "10.0.0.1", 8080, false,
				new HashMap<>(metadata));
	}

}

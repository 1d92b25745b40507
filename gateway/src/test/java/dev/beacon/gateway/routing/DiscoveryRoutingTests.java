package dev.beacon.gateway.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import dev.beacon.client.Change;
import dev.beacon.client.ChangeType;
import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUrls;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.Snapshot;
import dev.beacon.discovery.catalog.CatalogStaleness;
import dev.beacon.discovery.catalog.InstanceCatalog;
import dev.beacon.gateway.exposure.ServiceExposure;
import dev.beacon.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The discovery route follows the catalog at each request: a service that appears is routed
 * at once, one that leaves is not, and a routed request goes to {@code lb://{service}} without
 * its first path segment.
 */
class DiscoveryRoutingTests {

	private final RegistryClient unreachable = new RegistryClient(
			new RegistryUrls(List.of(URI.create("http://127.0.0.1:1"))), null, Duration.ofSeconds(1), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());

	private final InstanceCatalog catalog = new InstanceCatalog(this.unreachable, (event) -> {
	}, new CatalogStaleness(Clock.systemUTC()), true, Duration.ofMillis(10));

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

	private final KnownServices services = knownServices(new ServiceExposure(List.of("*"), List.of(), Map.of()));

	private final Predicate<ServerWebExchange> predicate = new BeaconServiceRoutePredicateFactory(this.services)
		.apply(new Object());

	private final GatewayFilter filter = new BeaconServiceGatewayFilterFactory(this.services).apply(new Object());

	private final Route discoveryRoute = Route.async().id(DiscoveryRoutes.ROUTE_ID).uri("no://op")
		.predicate((exchange) -> true).build();

	DiscoveryRoutingTests() {
		this.catalog.discoveredServices().subscribe(this.services);
		this.catalog.onSnapshot(new Snapshot("1-0",
				List.of(new ServiceInstances("greeting", 1, List.of(instance("greeting", "greeting-1", "UP"))),
						new ServiceInstances("gateway", 1, List.of(instance("gateway", "gateway-1", "UP"))))));
	}

	@Test
	void knownServiceMatchesAndUnknownDoesNot() {
		assertThat(this.predicate.test(exchange("/greeting/hello"))).isTrue();
		assertThat(this.predicate.test(exchange("/greeting"))).isTrue();
		assertThat(this.predicate.test(exchange("/orders/hello"))).isFalse();
		assertThat(this.predicate.test(exchange("/"))).isFalse();
		assertThat(this.predicate.test(exchange("//greeting/hello"))).isFalse();
	}

	@Test
	void gatewayDoesNotRouteToItself() {
		assertThat(this.predicate.test(exchange("/gateway/hello"))).isFalse();
	}

	@Test
	void newServiceIsRoutedWithoutRouteRefresh() {
		assertThat(this.predicate.test(exchange("/orders/hello"))).isFalse();
		this.catalog.onChange(new Change(ChangeType.REGISTER, 1, instance("orders", "orders-1", "UP")));
		assertThat(this.predicate.test(exchange("/orders/hello"))).isTrue();
	}

	@Test
	void serviceWithoutLiveInstanceIsStillRoutedSoItsAnswerNamesIt() {
		this.catalog.onChange(new Change(ChangeType.REGISTER, 1,
				instance("resting", "resting-1", "DOWN")));
		assertThat(this.predicate.test(exchange("/resting/hello"))).isTrue();
	}

	@Test
	void serviceThatLeftIsRoutedUntilTheWindowEndsSoItsAnswerNamesIt() {
		this.catalog.onChange(new Change(ChangeType.DEREGISTER, 2,
				instance("greeting", "greeting-1", "UP")));
		assertThat(this.predicate.test(exchange("/greeting/hello"))).isTrue();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.predicate.test(exchange("/greeting/hello"))).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.predicate.test(exchange("/greeting/hello"))).isFalse();
		assertThat(this.services.names()).doesNotContain("greeting");
	}

	@Test
	void serviceThatCameBackAndLeftAgainGetsAWholeWindow() {
		this.catalog.onChange(new Change(ChangeType.DEREGISTER, 2, instance("greeting", "greeting-1", "UP")));
		this.clock.advance(Duration.ofMinutes(4));
		this.catalog.onChange(new Change(ChangeType.REGISTER, 3, instance("greeting", "greeting-2", "UP")));
		this.catalog.onChange(new Change(ChangeType.DEREGISTER, 4, instance("greeting", "greeting-2", "UP")));
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.predicate.test(exchange("/greeting/hello"))).isTrue();
	}

	@Test
	void servicesHiddenOrNotExposedByNameAreAnsweredAsUnknownOnes() {
		this.catalog.onChange(new Change(ChangeType.REGISTER, 1, instance("orders-internal", "oi-1", "UP")));
		this.catalog.onChange(new Change(ChangeType.REGISTER, 1, instance("billing", "billing-1", "UP")));
		Predicate<ServerWebExchange> exposed = predicate(
				new ServiceExposure(List.of("greeting", "orders-*"), List.of("*-internal"), Map.of()));

		assertThat(exposed.test(exchange("/greeting/hello"))).isTrue();
		assertThat(exposed.test(exchange("/orders-internal/hello"))).as("hidden").isFalse();
		assertThat(exposed.test(exchange("/billing/hello"))).as("not exposed").isFalse();
	}

	@Test
	void withMetadataRequiredOnlyServicesWhoseInstancesCarryItAreRoutedAndStayRoutedWhileTheyAreDown() {
		this.catalog.onChange(new Change(ChangeType.REGISTER, 1,
				instance("shop", "shop-1", "UP", Map.of("gateway", "public"))));
		this.catalog.onChange(new Change(ChangeType.REGISTER, 1,
				instance("ledger", "ledger-1", "UP", Map.of("gateway", "internal"))));
		Predicate<ServerWebExchange> exposed = predicate(
				new ServiceExposure(List.of("*"), List.of(), Map.of("gateway", "public")));

		assertThat(exposed.test(exchange("/shop/cart"))).isTrue();
		assertThat(exposed.test(exchange("/ledger/entries"))).isFalse();
		assertThat(exposed.test(exchange("/greeting/hello"))).as("no metadata").isFalse();

		this.catalog.onChange(new Change(ChangeType.STATUS, 2,
				instance("shop", "shop-1", "DOWN", Map.of("gateway", "public"))));
		assertThat(exposed.test(exchange("/shop/cart"))).as("down: answered 503 naming it").isTrue();
		this.catalog.onChange(new Change(ChangeType.DEREGISTER, 3,
				instance("shop", "shop-1", "DOWN", Map.of("gateway", "public"))));
		assertThat(exposed.test(exchange("/shop/cart"))).as("gone within the window").isTrue();
	}

	@Test
	void routedRequestGoesToTheServiceWithoutItsPrefix() {
		assertRouted("/greeting/hello?name=x", "/hello", "name=x");
		assertRouted("/greeting/a/b%20c/", "/a/b%20c/", null);
		assertRouted("/greeting", "/", null);
		assertRouted("/greeting/", "/", null);
	}

	private void assertRouted(String path, String expectedPath, String expectedQuery) {
		MockServerWebExchange exchange = exchange(path);
		assertThat(this.predicate.test(exchange)).isTrue();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, this.discoveryRoute);
		AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();
		this.filter.filter(exchange, (next) -> {
			forwarded.set(next);
			return Mono.empty();
		}).block();
		assertThat(forwarded.get().getRequest().getURI().getRawPath()).isEqualTo(expectedPath);
		assertThat(forwarded.get().getRequest().getURI().getRawQuery()).isEqualTo(expectedQuery);
		Route route = forwarded.get().getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		assertThat(route.getId()).isEqualTo("beacon_greeting");
		assertThat(route.getUri()).isEqualTo(URI.create("lb://greeting"));
	}

	private static MockServerWebExchange exchange(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create(path)));
	}

	private static Instance instance(String service, String id, String status) {
		return instance(service, id, status, Map.of());
	}

	private static Instance instance(String service, String id, String status, Map<String, String> metadata) {
		return new Instance(service, id, "127.0.0.1", 8080, false, InstanceStatus.valueOf(status), null, 1, metadata, 15);
	}

	private KnownServices knownServices(ServiceExposure exposure) {
		return new KnownServices(this.catalog.discoveredServices(), "gateway", this.clock, Duration.ofMinutes(5), exposure,
				this.catalog::instances);
	}

	/** The discovery route's predicate with other exposure rules, on the same catalog. */
	private Predicate<ServerWebExchange> predicate(ServiceExposure exposure) {
		KnownServices known = knownServices(exposure);
		this.catalog.discoveredServices().subscribe(known);
		return new BeaconServiceRoutePredicateFactory(known).apply(new Object());
	}

}

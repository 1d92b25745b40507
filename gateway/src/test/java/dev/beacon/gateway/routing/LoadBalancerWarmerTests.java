package dev.beacon.gateway.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;


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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service that appears after the gateway's first view of the catalog has its LoadBalancer
 * context built at once, off the request path; the services of that first view do not.
 */
class LoadBalancerWarmerTests {

	private final List<String> built = new CopyOnWriteArrayList<>();

	private final InstanceCatalog catalog = new InstanceCatalog(
			new RegistryClient(new RegistryUrls(List.of(URI.create("http://127.0.0.1:1"))), null,
					Duration.ofSeconds(1), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()),
			(event) -> {
			}, new CatalogStaleness(Clock.systemUTC()), true, Duration.ofMillis(10));

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private LoadBalancerWarmer warmer = warmer(this.built::add, 100);

	@AfterEach
	void close() {
		this.warmer.close();
		this.executor.shutdownNow();
	}

	@Test
	void buildsServicesThatAppearLaterButNotThoseKnownAtStart() {
		this.catalog.onSnapshot(new Snapshot("1-0", List.of(new ServiceInstances("greeting", 1,
				List.of(instance("greeting", "greeting-1", "UP"))))));

		this.catalog.onChange(new Change(ChangeType.REGISTER, 1,
				instance("orders", "orders-1", "STARTING")));
		this.catalog.onChange(new Change(ChangeType.REGISTER, 2,
				instance("orders", "orders-2", "UP")));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.built).containsExactly("orders"));
	}

	@Test
	void failureToBuildIsLeftToTheFirstRequest() {
		List<String> tried = new CopyOnWriteArrayList<>();
		this.warmer.close();
		this.warmer = warmer((service) -> {
			tried.add(service);
			throw new IllegalStateException("no context for " + service);
		}, 100);
		this.catalog.onSnapshot(new Snapshot("1-0", List.of()));
		this.catalog.onChange(new Change(ChangeType.REGISTER, 1,
				instance("orders", "orders-1", "UP")));
		this.catalog.onChange(new Change(ChangeType.REGISTER, 1,
				instance("payments", "payments-1", "UP")));

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(tried).containsExactly("orders", "payments"));
	}

	@Test
	void aClosedWarmerBuildsNothingMore() {
		this.catalog.onSnapshot(new Snapshot("1-0", List.of()));
		this.warmer.close();

		this.catalog.onChange(new Change(ChangeType.REGISTER, 1,
				instance("orders", "orders-1", "UP")));

		assertThat(this.built).isEmpty();
	}

	@Test
	void buildsNoMoreThanItsLimitAhead() {
		this.warmer.close();
		this.warmer = warmer(this.built::add, 2);
		this.catalog.onSnapshot(new Snapshot("1-0", List.of(new ServiceInstances("greeting", 1,
				List.of(instance("greeting", "greeting-1", "UP"))))));
		for (String service : List.of("a", "b", "c", "d")) {
			this.catalog.onChange(new Change(ChangeType.REGISTER, 1, instance(service, service + "-1", "UP")));
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.built).containsExactly("a", "b"));
	}

	private LoadBalancerWarmer warmer(Consumer<String> build, int limit) {
		LoadBalancerWarmer warmer = new LoadBalancerWarmer(build, this.executor, limit);
		this.catalog.discoveredServices().subscribe(warmer);
		return warmer;
	}

	private static Instance instance(String service, String id, String status) {
		return new Instance(service, id, "127.0.0.1", 8080, false, InstanceStatus.valueOf(status), null, 1, Map.of(), 15);
	}

}

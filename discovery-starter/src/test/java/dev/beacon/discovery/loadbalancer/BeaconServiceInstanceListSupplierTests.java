package dev.beacon.discovery.loadbalancer;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.ServiceInstance;

import dev.beacon.discovery.catalog.CatalogStaleness;
import dev.beacon.discovery.catalog.InstanceCatalog;
import dev.beacon.discovery.client.ChangeEvent;
import dev.beacon.discovery.client.RegistryClient;
import dev.beacon.discovery.client.RegistryInstance;
import dev.beacon.discovery.client.RegistryUrls;
import dev.beacon.discovery.client.ServiceState;
import dev.beacon.discovery.client.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each request is served the catalog's current instances, including changes made after the
 * supplier was first asked.
 */
class BeaconServiceInstanceListSupplierTests {

	private final InstanceCatalog catalog = new InstanceCatalog(
			new RegistryClient(new RegistryUrls(List.of(URI.create("http://127.0.0.1:1"))), null, Duration.ofSeconds(1),
					JsonMapper.builder().build(), HttpClient.newBuilder().build()),
			(event) -> {
			}, new CatalogStaleness(Clock.systemUTC()), true, Duration.ofMillis(10));

	private final BeaconServiceInstanceListSupplier supplier = new BeaconServiceInstanceListSupplier("ORDERS",
			this.catalog);

	@Test
	void everyRequestSeesTheCatalogsCurrentInstances() {
		this.catalog.onSnapshot(new Snapshot("1-0", List.of(new ServiceState("orders", 1, List.of(up("orders-1"))))));
		assertThat(ids()).containsExactly("orders-1");

		this.catalog.onChange(new ChangeEvent("register", "orders", "orders-2", 2, up("orders-2")));
		assertThat(ids()).containsExactly("orders-1", "orders-2");
		assertThat(ids()).containsExactly("orders-1", "orders-2");

		this.catalog.onChange(new ChangeEvent("deregister", "orders", "orders-1", 3, up("orders-1")));
		assertThat(ids()).containsExactly("orders-2");
	}

	private List<String> ids() {
		return this.supplier.get().blockFirst(Duration.ofSeconds(5)).stream().map(ServiceInstance::getInstanceId).toList();
	}

	private static RegistryInstance up(String id) {
		return new RegistryInstance("orders", id, "10.0.0.1", 8080, false, "UP", null, 1, Map.of(), 15);
	}

}

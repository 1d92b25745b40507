package dev.beacon.discovery.loadbalancer;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;

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

/**
 * Each request is served the catalog's current instances, including changes made after the
 * supplier was first asked.
 */
class BeaconServiceInstanceListSupplierTests {

	private final InstanceCatalog catalog = new InstanceCatalog(
			new RegistryClient(new RegistryUrls(List.of(URI.create("http://127.0.0.1:1"))), null, Duration.ofSeconds(1), HttpClient.newBuilder().build()),
			(event) -> {
			}, new CatalogStaleness(Clock.systemUTC()), true, Duration.ofMillis(10));

	private final BeaconServiceInstanceListSupplier supplier = new BeaconServiceInstanceListSupplier("ORDERS",
			this.catalog);

	@Test
	void everyRequestSeesTheCatalogsCurrentInstances() {
		this.catalog.onSnapshot(new Snapshot("1-0", List.of(new ServiceInstances("orders", 1, List.of(up("orders-1"))))));
		assertThat(ids()).containsExactly("orders-1");

		this.catalog.onChange(new Change(ChangeType.REGISTER, 2, up("orders-2")));
		assertThat(ids()).containsExactly("orders-1", "orders-2");
		assertThat(ids()).containsExactly("orders-1", "orders-2");

		this.catalog.onChange(new Change(ChangeType.DEREGISTER, 3, up("orders-1")));
		assertThat(ids()).containsExactly("orders-2");
	}

	private List<String> ids() {
		return this.supplier.get().blockFirst(Duration.ofSeconds(5)).stream().map(ServiceInstance::getInstanceId).toList();
	}

	private static Instance up(String id) {
		return new Instance("orders", id, "10.0.0.1", 8080, false, InstanceStatus.UP, null, 1, Map.of(), 15);
	}

}

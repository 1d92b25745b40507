package dev.beacon.discovery.catalog;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;

import dev.beacon.client.Change;
import dev.beacon.client.ChangeType;
import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUrls;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.Snapshot;
import dev.beacon.testsupport.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The catalog as the change stream feeds it, with a registry that cannot be reached, so that
 * every answer comes from what the stream delivered.
 */
class InstanceCatalogTests {

	private static final Instant NOW = Instant.parse("2026-05-04T10:15:30Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final List<Object> published = new CopyOnWriteArrayList<>();

	private final RegistryClient unreachable = new RegistryClient(
			new RegistryUrls(List.of(URI.create("http://127.0.0.1:1"))), null, Duration.ofSeconds(1), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());

	private final InstanceCatalog catalog = catalog(true, Duration.ofMillis(50));

	@Test
	void snapshotFillsServices() {
		this.catalog.onSnapshot(snapshot(service("orders", 3, up("orders", "orders-1"), up("orders", "orders-2")),
				service("payments", 1, up("payments", "payments-1"))));

		assertThat(this.catalog.hasSnapshot()).isTrue();
		assertThat(this.catalog.serviceNames()).containsExactly("orders", "payments");
		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1", "orders-2");
		assertThat(ids(this.catalog.instances("payments"))).containsExactly("payments-1");
		assertThat(this.catalog.instances("unknown")).isEmpty();
	}

	@Test
	void aLaterSnapshotReplacesWhatItHoldsAndKeepsWhatItLacksUntilTheirLeaseEnds() {
		this.catalog.onSnapshot(snapshot(service("orders", 3, up("orders", "orders-1"), up("orders", "orders-2")),
				service("payments", 1, up("payments", "payments-1"))));
		List<Set<String>> heard = new CopyOnWriteArrayList<>();
		this.catalog.discoveredServices().subscribe(heard::add);

		this.catalog.onSnapshot(snapshot(service("orders", 5, instance("orders", "orders-2", "10.0.0.9", "UP", null),
				up("orders", "orders-3"))));

		assertThat(this.catalog.serviceNames()).containsExactly("orders", "payments");
		assertThat(this.catalog.instances("orders")).extracting(ServiceInstance::getInstanceId, ServiceInstance::getHost)
			.containsExactly(tuple("orders-1", "10.0.0.1"), tuple("orders-2", "10.0.0.9"), tuple("orders-3", "10.0.0.3"));
		assertThat(ids(this.catalog.instances("payments"))).containsExactly("payments-1");

		this.clock.advance(Duration.ofSeconds(14));
		this.catalog.expireMissing();
		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1", "orders-2", "orders-3");

		this.clock.advance(Duration.ofSeconds(1));
		this.catalog.expireMissing();
		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-2", "orders-3");
		assertThat(this.catalog.instances("payments")).isEmpty();
		assertThat(this.catalog.serviceNames()).containsExactly("orders");
		assertThat(heard).containsExactly(Set.of("orders", "payments"), Set.of("orders"));
	}

	@Test
	void anInstanceTheRegistrySpeaksOfAgainIsNoLongerKeptButFollowed() {
		this.catalog.onSnapshot(snapshot(service("orders", 3, up("orders", "orders-1"), up("orders", "orders-2"))));
		this.catalog.onSnapshot(snapshot());

		this.catalog.onChange(change("register", instance("orders", "orders-1", "10.0.0.7", "UP", null), 1));
		this.catalog.onChange(change("deregister", up("orders", "orders-2"), 2));

		assertThat(this.catalog.instances("orders")).extracting(ServiceInstance::getInstanceId, ServiceInstance::getHost)
			.containsExactly(tuple("orders-1", "10.0.0.7"));
		this.clock.advance(Duration.ofSeconds(15));
		this.catalog.expireMissing();
		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1");
	}

	@Test
	void anotherSnapshotThatStillLacksAnInstanceDoesNotExtendItsLease() {
		this.catalog.onSnapshot(snapshot(service("orders", 3, up("orders", "orders-1"))));
		this.catalog.onSnapshot(snapshot());
		this.clock.advance(Duration.ofSeconds(10));

		this.catalog.onSnapshot(snapshot());
		this.clock.advance(Duration.ofSeconds(5));
		this.catalog.expireMissing();

		assertThat(this.catalog.instances("orders")).isEmpty();
	}

	@Test
	void aKeptInstanceGoesByItselfWhenItsLeaseEnds() {
		InstanceCatalog catalog = new InstanceCatalog(this.unreachable, this.published::add,
				new CatalogStaleness(Clock.systemUTC()), true, Duration.ofMillis(50));
		Instance shortLease = new Instance("orders", "orders-1", "10.0.0.1", 8080, false, InstanceStatus.UP, null, 1,
				Map.of(), 1);
		catalog.onSnapshot(snapshot(service("orders", 1, shortLease)));

		catalog.onSnapshot(snapshot());

		assertThat(ids(catalog.instances("orders"))).containsExactly("orders-1");
		await().atMost(Duration.ofSeconds(10)).until(() -> catalog.instances("orders").isEmpty());
	}

	@Test
	void registerAddsOneInstanceToItsServiceOnly() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1")),
				service("payments", 1, up("payments", "payments-1"))));

		this.catalog.onChange(change("register", up("orders", "orders-2"), 2));

		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1", "orders-2");
		assertThat(ids(this.catalog.instances("payments"))).containsExactly("payments-1");
	}

	@Test
	void registerOfAKnownInstanceReplacesIt() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));

		this.catalog.onChange(change("register", instance("orders", "orders-1", "10.0.0.9", "UP", null), 2));

		assertThat(this.catalog.instances("orders")).singleElement()
			.satisfies((instance) -> assertThat(instance.getHost()).isEqualTo("10.0.0.9"));
	}

	@Test
	void registerOfANewServiceAddsIt() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));

		this.catalog.onChange(change("register", up("billing", "billing-1"), 1));

		assertThat(this.catalog.serviceNames()).containsExactly("billing", "orders");
		assertThat(ids(this.catalog.instances("billing"))).containsExactly("billing-1");
	}

	@Test
	void statusChangeUpdatesTheInstance() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"), up("orders", "orders-2"))));

		this.catalog.onChange(change("status", instance("orders", "orders-1", "10.0.0.1", "DOWN", null), 2));

		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-2");
		this.catalog.onChange(change("status", instance("orders", "orders-1", "10.0.0.1", "UP", null), 3));
		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1", "orders-2");
	}

	@Test
	void deregisterRemovesTheInstance() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"), up("orders", "orders-2"))));

		this.catalog.onChange(change("deregister", up("orders", "orders-1"), 2));

		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-2");
	}

	@Test
	void expireRemovesTheInstance() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"), up("orders", "orders-2"))));

		this.catalog.onChange(change("expire", up("orders", "orders-2"), 2));

		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1");
	}

	@Test
	void serviceWhoseLastInstanceLeftIsNoLongerListed() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1")),
				service("payments", 1, up("payments", "payments-1"))));

		this.catalog.onChange(change("deregister", up("payments", "payments-1"), 2));

		assertThat(this.catalog.serviceNames()).containsExactly("orders");
		assertThat(this.catalog.instances("payments")).isEmpty();
	}

	@Test
	void onlyUpInstancesAreOfferedByDefault() {
		this.catalog.onSnapshot(snapshot(service("orders", 4, up("orders", "orders-1"),
				instance("orders", "orders-2", "10.0.0.2", "DOWN", null),
				instance("orders", "orders-3", "10.0.0.3", "STARTING", null),
				instance("orders", "orders-4", "10.0.0.4", "OUT_OF_SERVICE", null))));

		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1");
	}

	@Test
	void serviceWithNoInstanceUpIsStillListed() {
		this.catalog.onSnapshot(
				snapshot(service("orders", 1, instance("orders", "orders-1", "10.0.0.1", "DOWN", null))));

		assertThat(this.catalog.serviceNames()).containsExactly("orders");
		assertThat(this.catalog.instances("orders")).isEmpty();
	}

	@Test
	void everyInstanceIsOfferedWhenNotOnlyUp() {
		InstanceCatalog all = catalog(false, Duration.ofMillis(50));

		all.onSnapshot(snapshot(service("orders", 4, up("orders", "orders-1"),
				instance("orders", "orders-2", "10.0.0.2", "DOWN", null),
				instance("orders", "orders-3", "10.0.0.3", "STARTING", null),
				instance("orders", "orders-4", "10.0.0.4", "OUT_OF_SERVICE", null))));

		assertThat(ids(all.instances("orders"))).containsExactly("orders-1", "orders-2", "orders-3", "orders-4");
		assertThat(all.instances("orders")).extracting((instance) -> instance.getMetadata().get("beacon.status"))
			.containsExactly("UP", "DOWN", "STARTING", "OUT_OF_SERVICE");
	}

	@Test
	void heartbeatIsPublishedWhenTheSetOfServicesChangesWithAGrowingValue() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));
		this.catalog.onChange(change("register", up("orders", "orders-2"), 2));
		this.catalog.onChange(change("status", instance("orders", "orders-2", "10.0.0.2", "DOWN", null), 3));
		this.catalog.onChange(change("deregister", up("orders", "orders-1"), 4));
		this.catalog.onChange(change("register", up("payments", "payments-1"), 1));
		this.catalog.onChange(change("expire", instance("orders", "orders-2", "10.0.0.2", "DOWN", null), 5));

		// orders appears, orders' last UP instance leaves, payments appears, orders' last instance
		// leaves; the rest is within a service
		assertThat(heartbeats()).containsExactly(1L, 2L, 3L, 4L);
		assertThat(this.catalog.version()).isEqualTo(6);
	}

	@Test
	void publishesWhenTheFirstInstanceOfAServiceTurnsUp() {
		this.catalog.onSnapshot(snapshot());
		this.catalog.onChange(change("register", inStatus("orders", "orders-1", "STARTING"), 1));
		assertThat(heartbeats()).containsExactly(1L);

		this.catalog.onChange(change("status", up("orders", "orders-1"), 2));

		assertThat(heartbeats()).containsExactly(1L, 2L);
		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1");
	}

	@Test
	void publishesWhenTheLastUpInstanceGoesDown() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"), up("orders", "orders-2"))));
		this.catalog.onChange(change("status", inStatus("orders", "orders-1", "DOWN"), 2));
		assertThat(heartbeats()).containsExactly(1L);

		this.catalog.onChange(change("status", inStatus("orders", "orders-2", "OUT_OF_SERVICE"), 3));

		assertThat(heartbeats()).containsExactly(1L, 2L);
		assertThat(this.catalog.serviceNames()).containsExactly("orders");
		assertThat(this.catalog.instances("orders")).isEmpty();
	}

	@Test
	void doesNotPublishWhenASecondInstanceTurnsUp() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));

		this.catalog.onChange(change("register", inStatus("orders", "orders-2", "STARTING"), 2));
		this.catalog.onChange(change("status", up("orders", "orders-2"), 3));

		assertThat(heartbeats()).containsExactly(1L);
		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1", "orders-2");
	}

	@Test
	void publishesWhenTheNewInstanceOfARedeployedServiceTurnsUp() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));

		this.catalog.onChange(change("deregister", up("orders", "orders-1"), 2));
		this.catalog.onChange(change("register", inStatus("orders", "orders-2", "STARTING"), 3));
		this.catalog.onChange(change("status", up("orders", "orders-2"), 4));

		// up, gone, back STARTING, up again
		assertThat(heartbeats()).containsExactly(1L, 2L, 3L, 4L);
	}

	@Test
	void publishesWhenASnapshotBringsTheFirstUpInstance() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, inStatus("orders", "orders-1", "STARTING"))));
		assertThat(heartbeats()).containsExactly(1L);

		this.catalog.onSnapshot(snapshot(service("orders", 2, up("orders", "orders-1"))));

		assertThat(heartbeats()).containsExactly(1L, 2L);
	}

	@Test
	void publishesWhenASnapshotTakesAwayTheLastUpInstance() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));

		this.catalog.onSnapshot(snapshot(service("orders", 2, inStatus("orders", "orders-1", "DOWN"))));

		assertThat(heartbeats()).containsExactly(1L, 2L);
		assertThat(this.catalog.serviceNames()).containsExactly("orders");
	}

	@Test
	void doesNotPublishWhenASnapshotChangesOnlyInstancesOfServicesStillOffered() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));

		this.catalog.onSnapshot(snapshot(service("orders", 3, up("orders", "orders-2"),
				inStatus("orders", "orders-3", "STARTING"))));

		assertThat(heartbeats()).containsExactly(1L);
		assertThat(this.catalog.version()).isEqualTo(2);
	}

	@Test
	void doesNotPublishOnAStatusChangeWhenEveryInstanceIsOffered() {
		InstanceCatalog all = catalog(false, Duration.ofMillis(50));
		all.onSnapshot(snapshot());

		all.onChange(change("register", inStatus("orders", "orders-1", "STARTING"), 1));
		all.onChange(change("status", up("orders", "orders-1"), 2));
		all.onChange(change("status", inStatus("orders", "orders-1", "DOWN"), 3));

		assertThat(heartbeats()).containsExactly(1L);
	}

	@Test
	void heartbeatIsNotPublishedWhenASnapshotChangesNothing() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1")),
				service("payments", 2, up("payments", "payments-1"))));

		this.catalog.onSnapshot(new Snapshot("1795631239999-0", List.of(
				service("payments", 2, up("payments", "payments-1")), service("orders", 1, up("orders", "orders-1")))));

		assertThat(heartbeats()).containsExactly(1L);
		assertThat(this.catalog.version()).isEqualTo(1);
	}

	@Test
	void emptyFirstSnapshotPublishesNoHeartbeat() {
		this.catalog.onSnapshot(snapshot());

		assertThat(heartbeats()).isEmpty();
		assertThat(this.catalog.hasSnapshot()).isTrue();
		assertThat(this.catalog.serviceNames()).isEmpty();
	}

	@Test
	void heartbeatComesFromTheCatalog() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));

		assertThat(this.published).singleElement()
			.isInstanceOfSatisfying(HeartbeatEvent.class,
					(event) -> assertThat(event.getSource()).isSameAs(this.catalog));
	}

	@Test
	void instanceChangesEmitsTheCurrentListThenOneListPerChangeOfThatService() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1")),
				service("payments", 1, up("payments", "payments-1"))));

		StepVerifier.create(this.catalog.instanceChanges("orders"))
			.assertNext((instances) -> assertThat(ids(instances)).containsExactly("orders-1"))
			.then(() -> this.catalog.onChange(change("register", up("orders", "orders-2"), 2)))
			.assertNext((instances) -> assertThat(ids(instances)).containsExactly("orders-1", "orders-2"))
			.then(() -> this.catalog.onChange(change("register", up("payments", "payments-2"), 2)))
			.then(() -> this.catalog.onChange(change("deregister", up("orders", "orders-1"), 3)))
			.assertNext((instances) -> assertThat(ids(instances)).containsExactly("orders-2"))
			.then(() -> this.catalog.onSnapshot(snapshot(service("payments", 3, up("payments", "payments-3")),
					service("orders", 3, up("orders", "orders-2")))))
			.then(() -> this.catalog.onSnapshot(snapshot(service("payments", 3, up("payments", "payments-3")))))
			.then(() -> this.clock.advance(Duration.ofSeconds(15)))
			.then(this.catalog::expireMissing)
			.assertNext((instances) -> assertThat(instances).isEmpty())
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void firstListAloneIsReadWithoutListeningToChanges() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));
		AtomicInteger listenersWhileReading = new AtomicInteger(-1);

		List<ServiceInstance> first = this.catalog.instanceChanges("orders")
			.doOnNext((instances) -> listenersWhileReading.set(this.catalog.listeners()))
			.blockFirst(Duration.ofSeconds(5));

		assertThat(ids(first)).containsExactly("orders-1");
		assertThat(listenersWhileReading).hasValue(0);
		assertThat(this.catalog.listeners()).isZero();
	}

	@Test
	void changeLandingBeforeTheSubscriberListensIsNotMissed() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));
		AtomicBoolean changed = new AtomicBoolean();

		List<List<String>> lists = this.catalog.instanceChanges("orders").doOnNext((instances) -> {
			if (changed.compareAndSet(false, true)) {
				this.catalog.onChange(change("register", up("orders", "orders-2"), 2));
			}
		}).map(InstanceCatalogTests::ids).take(2).collectList().block(Duration.ofSeconds(5));

		assertThat(lists).containsExactly(List.of("orders-1"), List.of("orders-1", "orders-2"));
		assertThat(this.catalog.listeners()).isZero();
	}

	@Test
	void metadataCarriesZoneWeightAndStatus() {
		Instance registered = new Instance("orders", "orders-1", "10.0.0.1", 8080, false, InstanceStatus.UP,
				"eu-1a", 3, Map.of("version", "1.4.2"), 15);
		this.catalog.onSnapshot(snapshot(service("orders", 1, registered)));

		assertThat(this.catalog.instances("orders")).singleElement().satisfies((instance) -> {
			assertThat(instance.getMetadata()).containsExactlyInAnyOrderEntriesOf(
					Map.of("version", "1.4.2", "zone", "eu-1a", "weight", "3", BeaconServiceInstance.STATUS, "UP"));
			assertThat(instance.getServiceId()).isEqualTo("orders");
			assertThat(instance.getInstanceId()).isEqualTo("orders-1");
			assertThat(instance.getUri()).isEqualTo(URI.create("http://10.0.0.1:8080"));
		});
	}

	@Test
	void metadataWithoutZoneHasNoZoneKey() {
		Instance registered = new Instance("orders", "orders-1", "10.0.0.1", 8080, false, InstanceStatus.UP,
				null, 1, Map.of(), 15);
		this.catalog.onSnapshot(snapshot(service("orders", 1, registered)));

		assertThat(this.catalog.instances("orders")).singleElement()
			.satisfies((instance) -> assertThat(instance.getMetadata()).doesNotContainKey("zone")
				.containsEntry("weight", "1")
				.containsEntry(BeaconServiceInstance.STATUS, "UP"));
	}

	@Test
	void ipv6HostsGetBracketsInTheUri() {
		this.catalog.onSnapshot(snapshot(service("orders", 2, instance("orders", "orders-1", "fd00::1", "UP", null),
				new Instance("orders", "orders-2", "[fd00::2]", 8443, true, InstanceStatus.UP, null, 1, Map.of(), 15))));

		assertThat(this.catalog.instances("orders")).extracting(ServiceInstance::getUri)
			.containsExactly(URI.create("http://[fd00::1]:8080"), URI.create("https://[fd00::2]:8443"));
		assertThat(this.catalog.instances("orders")).extracting(ServiceInstance::getHost)
			.containsExactly("fd00::1", "[fd00::2]");
	}

	@Test
	void disconnectionSetsStaleSinceOnceAndConnectionClearsIt() {
		URI server = URI.create("http://registry-1:8700");
		this.catalog.onConnected(server);
		assertThat(this.catalog.staleness().isConnected()).isTrue();
		assertThat(this.catalog.staleness().staleSince()).isNull();

		this.catalog.onDisconnected(server, "stream ended");
		this.clock.advance(Duration.ofSeconds(10));
		this.catalog.onDisconnected(server, "answered 503");

		assertThat(this.catalog.staleness().isConnected()).isFalse();
		assertThat(this.catalog.staleness().staleSince()).isEqualTo(NOW);

		this.catalog.onConnected(server);
		assertThat(this.catalog.staleness().isConnected()).isTrue();
		assertThat(this.catalog.staleness().staleSince()).isNull();
	}

	@Test
	void staleInstancesKeepBeingServed() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));

		this.catalog.onDisconnected(URI.create("http://registry-1:8700"), "stream ended");

		assertThat(ids(this.catalog.instances("orders"))).containsExactly("orders-1");
	}

	@Test
	void lastUpdateFollowsTheClockAndEventsAreCounted() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));
		assertThat(this.catalog.staleness().lastUpdate()).isEqualTo(NOW);

		this.clock.advance(Duration.ofSeconds(3));
		this.catalog.onChange(change("register", up("orders", "orders-2"), 2));
		this.catalog.onChange(change("deregister", up("orders", "orders-2"), 3));

		assertThat(this.catalog.staleness().lastUpdate()).isEqualTo(NOW.plusSeconds(3));
		assertThat(this.catalog.staleness().eventsReceived()).isEqualTo(2);
	}

	@Test
	void beforeAnySnapshotAReadWaitsAtMostInitialWaitThenFindsNothingInAnUnreachableRegistry() {
		long start = System.nanoTime();

		List<ServiceInstance> instances = this.catalog.instances("orders");

		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(instances).isEmpty();
		assertThat(this.catalog.hasSnapshot()).isFalse();
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(50)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void beforeAnySnapshotServiceNamesAreEmpty() {
		assertThat(this.catalog.serviceNames()).isEmpty();
	}

	@Test
	void reactiveReadBeforeAnySnapshotFindsNothingInAnUnreachableRegistry() {
		StepVerifier.create(this.catalog.current(() -> this.catalog.instances("orders")))
			.assertNext((instances) -> assertThat(instances).isEmpty())
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void discoveredServicesAreEmptyUntilTheFirstSnapshotThenFollowEveryServiceWithAnInstance() {
		DiscoveredServices discovered = this.catalog.discoveredServices();
		List<Set<String>> heard = new CopyOnWriteArrayList<>();
		discovered.subscribe(heard::add);
		assertThat(discovered.names()).isEmpty();
		assertThat(heard).isEmpty();

		this.catalog.onSnapshot(snapshot(service("orders", 1, inStatus("orders", "orders-1", "STARTING"))));
		this.catalog.onChange(change("status", up("orders", "orders-1"), 2));
		this.catalog.onChange(change("register", up("payments", "payments-1"), 1));
		this.catalog.onChange(change("deregister", up("orders", "orders-1"), 3));

		assertThat(heard).containsExactly(Set.of("orders"), Set.of("orders", "payments"), Set.of("payments"));
		assertThat(discovered.names()).containsExactly("payments");
	}

	@Test
	void aListenerThatComesAfterTheFirstSnapshotHearsTheNamesAtOnce() {
		this.catalog.onSnapshot(snapshot(service("orders", 1, up("orders", "orders-1"))));
		List<Set<String>> heard = new CopyOnWriteArrayList<>();

		this.catalog.discoveredServices().subscribe(heard::add);

		assertThat(heard).containsExactly(Set.of("orders"));
	}

	@Test
	void anEmptyFirstSnapshotStillMakesTheNamesKnown() {
		List<Set<String>> heard = new CopyOnWriteArrayList<>();
		this.catalog.discoveredServices().subscribe(heard::add);

		this.catalog.onSnapshot(snapshot());

		assertThat(heard).containsExactly(Set.of());
		assertThat(heartbeats()).isEmpty();
	}

	private InstanceCatalog catalog(boolean onlyUp, Duration initialWait) {
		return new InstanceCatalog(this.unreachable, this.published::add, new CatalogStaleness(this.clock), onlyUp,
				initialWait);
	}

	private List<Object> heartbeats() {
		return this.published.stream()
			.filter(HeartbeatEvent.class::isInstance)
			.map((event) -> ((HeartbeatEvent) event).getValue())
			.toList();
	}

	private static List<String> ids(List<ServiceInstance> instances) {
		return instances.stream().map(ServiceInstance::getInstanceId).toList();
	}

	private static Snapshot snapshot(ServiceInstances... services) {
		return new Snapshot("1795631239209-0", Arrays.asList(services));
	}

	private static ServiceInstances service(String name, long revision, Instance... instances) {
		return new ServiceInstances(name, revision, Arrays.asList(instances));
	}

	private static Change change(String type, Instance instance, long revision) {
		return new Change(ChangeType.fromWireName(type), revision, instance);
	}

	private static Instance up(String service, String id) {
		return inStatus(service, id, "UP");
	}

	private static Instance inStatus(String service, String id, String status) {
		return instance(service, id, "10.0.0." + id.charAt(id.length() - 1), status, null);
	}

	private static Instance instance(String service, String id, String host, String status,
			@Nullable String zone) {
		return new Instance(service, id, host, 8080, false, InstanceStatus.valueOf(status), zone, 1, Map.of(), 15);
	}

}

package dev.beacon.registry;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.ServiceSummary;
import dev.beacon.registry.store.RedisKeys;
import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two registry servers on a real Redis Cluster of three primaries, each with a replica: the
 * registry's partitions spread over the primaries, every call works whichever primary holds the
 * service, a watch stream follows and resumes across partitions, each expiry happens once, and a
 * primary killed under live instances costs none of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTests {

	private static final int LEASE_SECONDS = 2;

	/** Enough services that every partition holds some. */
	private static final List<String> SERVICES = IntStream.range(0, 24).mapToObj((i) -> "svc-" + i).toList();

	private static RedisCluster cluster;

	private static TestRegistry first;

	private static TestRegistry second;

	private static ScheduledExecutorService heartbeats;

	@BeforeAll
	static void start() {
		cluster = RedisCluster.start(3, 1, Duration.ofSeconds(1));
		String prefix = TestRegistry.newPrefix();
		first = startRegistry(prefix);
		second = startRegistry(prefix);
		heartbeats = Executors.newScheduledThreadPool(4);
	}

	private static TestRegistry startRegistry(String prefix) {
		return TestRegistry.start(cluster.primaries().get(0).endpoint(), prefix,
				"spring.data.redis.cluster.nodes=" + cluster.nodes(), "beacon.registry.reaper.outage-after=2s");
	}

	@AfterAll
	static void stop() {
		heartbeats.shutdownNow();
		second.close();
		first.close();
		cluster.close();
	}

	@Test
	void thePartitionsSpreadOverEveryPrimary() {
		RedisKeys keys = RedisInspector.clusterKeys(first.prefix());
		Set<Integer> primaries = IntStream.range(0, keys.partitions())
			.mapToObj((partition) -> cluster.primaryServing(SlotHash.getSlot(keys.base(partition))).endpoint().port())
			.collect(Collectors.toSet());
		assertThat(primaries).hasSize(3);
	}

	@Test
	void everyCallWorksWhicheverPrimaryHoldsTheServiceAndBothServersSeeIt() {
		RegistryClient client = client(first);
		for (String service : SERVICES) {
			client.register(service, service + "-1", registration(60));
		}
		RegistryClient other = client(second);
		for (String service : SERVICES) {
			assertThat(other.service(service).instances()).extracting((instance) -> instance.id())
				.containsExactly(service + "-1");
			assertThat(other.heartbeat(service, service + "-1", null)).isTrue();
		}
		assertThat(other.services()).extracting(ServiceSummary::service).containsAll(SERVICES);

		for (String service : SERVICES) {
			client.deregister(service, service + "-1");
		}
		assertThat(other.services()).extracting(ServiceSummary::service).doesNotContainAnyElementsOf(SERVICES);
	}

	@Test
	void aWatcherFollowsEveryPartitionAndResumesExactlyAfterWhatItSaw() {
		List<String> services = SERVICES.subList(0, 12);
		String lastSeen;
		try (WatchRecorder watcher = WatchRecorder.watch(second, "?services=" + String.join(",", services))) {
			watcher.awaitSnapshot();
			for (String service : services) {
				first.register(service, service + "-w1", Map.of("host", "10.7.0.1", "port", 8080, "ttlSeconds", 60));
			}
			for (String service : services) {
				watcher.awaitEvent("register", service + "-w1");
			}
			lastSeen = watcher.lastId();
		}
		for (String service : services) {
			first.register(service, service + "-w2", Map.of("host", "10.7.0.2", "port", 8080, "ttlSeconds", 60));
		}

		try (WatchRecorder resumed = WatchRecorder.resume(first, "?services=" + String.join(",", services), lastSeen)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events().size() >= services.size());
			assertThat(resumed.events()).extracting((event) -> event.name() + " " + event.data().get("id"))
				.containsExactlyInAnyOrderElementsOf(services.stream().map((service) -> "register " + service + "-w2")
					.toList());
		}
		for (String service : services) {
			first.deregister(service, service + "-w1");
			first.deregister(service, service + "-w2");
		}
	}

	@Test
	void eachExpiryHappensOnceThoughBothServersReap() {
		List<String> services = SERVICES.subList(12, 24);
		try (WatchRecorder watcher = WatchRecorder.watch(first, "?services=" + String.join(",", services))) {
			watcher.awaitSnapshot();
			for (String service : services) {
				second.register(service, service + "-e", Map.of("host", "10.7.0.3", "port", 8080, "ttlSeconds", 1));
			}

			for (String service : services) {
				watcher.awaitEvent("expire", service + "-e");
			}
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
				.until(() -> watcher.changes().stream().filter((event) -> event.name().equals("expire")).count()
						== services.size());
		}
	}

	/** Last: the kill leaves the cluster one primary short for whatever would run after it. */
	@Test
	@Order(Integer.MAX_VALUE)
	void aPrimaryKilledUnderLiveInstancesCostsNoneOfThem() {
		RegistryClient client = client(first);
		RedisKeys keys = RedisInspector.clusterKeys(first.prefix());
		String service = "steady";
		ManagedRedis primary = cluster.primaryServing(SlotHash.getSlot(keys.base(keys.partitionOf(service))));
		String elsewhere = IntStream.range(0, 100)
			.mapToObj((i) -> "calm-" + i)
			.filter((other) -> cluster.primaryServing(SlotHash.getSlot(keys.base(keys.partitionOf(other)))) != primary)
			.findFirst()
			.orElseThrow();
		AtomicReference<Instant> lastBeat = new AtomicReference<>(Instant.now());
		List<Instant> beatsElsewhere = new CopyOnWriteArrayList<>();
		for (String id : List.of("steady-1", "steady-2")) {
			client.register(service, id, registration(LEASE_SECONDS));
			heartbeats.scheduleWithFixedDelay(() -> beat(client, service, id, lastBeat), 0, 300, TimeUnit.MILLISECONDS);
		}
		client.register(elsewhere, "calm-1", registration(LEASE_SECONDS));
		AtomicReference<Instant> lastBeatElsewhere = new AtomicReference<>(Instant.now());
		heartbeats.scheduleWithFixedDelay(() -> {
			beat(client, elsewhere, "calm-1", lastBeatElsewhere);
			beatsElsewhere.add(lastBeatElsewhere.get());
		}, 0, 300, TimeUnit.MILLISECONDS);
		try (WatchRecorder watcher = WatchRecorder.watch(second, "?services=" + service)) {
			watcher.awaitSnapshot();

			primary.kill();
			Instant killed = Instant.now();
			cluster.awaitHealthy();
			Instant promoted = Instant.now();

			assertThat(beatsElsewhere).as("services on the other primaries renew meanwhile")
				.anySatisfy((beat) -> assertThat(beat).isBetween(killed, promoted));
			await().atMost(Duration.ofSeconds(20)).until(() -> lastBeat.get().isAfter(promoted));
			await().during(Duration.ofSeconds(LEASE_SECONDS * 2L)).atMost(Duration.ofSeconds(LEASE_SECONDS * 3L))
				.ignoreExceptions()
				.until(() -> first.instanceIds(service).equals(List.of("steady-1", "steady-2"))
						&& second.instanceIds(service).equals(List.of("steady-1", "steady-2")));
			client.register(service, "steady-3", registration(60));
			watcher.awaitEvent("register", "steady-3");
			assertThat(watcher.changes()).noneMatch((event) -> event.name().equals("expire"));
		}
	}

	private static RegistryClient client(TestRegistry registry) {
		return RegistryClient.create(TestRegistry.TOKEN, URI.create(registry.url()));
	}

	private static Registration registration(int ttlSeconds) {
		return new Registration("10.7.0.9", 8080, false, null, null, 1, Map.of(), ttlSeconds);
	}

	private static void beat(RegistryClient client, String service, String id, AtomicReference<Instant> lastBeat) {
		try {
			if (client.heartbeat(service, id, null)) {
				lastBeat.set(Instant.now());
			}
		}
		catch (RuntimeException ex) {
			// the primary away: the registry answers 503, and the next beat tries again
		}
	}

}

package dev.beacon.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A catalog too large for one snapshot script is read a chunk of services at a time while
 * instances keep changing: a watcher that applies the events after its snapshot ends with
 * exactly the instances the registry holds.
 */
@SuppressWarnings("unchecked")
class LargeCatalogWatchTests {

	/** More than two chunks of the snapshot's 50 services. */
	private static final int SERVICES = 120;

	private static TestRegistry registry;

	@BeforeAll
	static void start() {
		registry = TestRegistry.start(TestRegistry.newPrefix());
	}

	@AfterAll
	static void stop() {
		registry.close();
	}

	@Test
	void watcherOfACatalogReadInChunksWhileItChangesEndsWithTheRegistrysInstances() throws Exception {
		for (int s = 0; s < SERVICES; s++) {
			assertThat(registry.register(service(s), "base", instance(8080))).isEqualTo(201);
		}
		CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 2 * SERVICES; i++) {
				registry.register(service(i), "churn-" + i, instance(9000 + i));
				if (i >= SERVICES) {
					registry.deregister(service(i), "churn-" + (i - SERVICES));
				}
			}
		});
		await().until(() -> registry.instanceIds(service(30)).contains("churn-30"));
		try (WatchRecorder watcher = WatchRecorder.watch(registry)) {
			churn.get(60, TimeUnit.SECONDS);
			registry.register(service(0), "last", instance(8081));
			watcher.awaitEvent("register", "last");

			Map<String, TreeSet<String>> seen = replay(watcher.events());
			assertThat(seen).hasSize(SERVICES);
			for (int s = 0; s < SERVICES; s++) {
				assertThat(seen.get(service(s))).as(service(s)).containsExactlyElementsOf(registry.instanceIds(service(s)));
			}
		}
	}

	/** The instances of each service after the snapshot and then every change, in order. */
	private static Map<String, TreeSet<String>> replay(List<WatchRecorder.Event> events) {
		Map<String, TreeSet<String>> instances = new TreeMap<>();
		assertThat(events.get(0).name()).isEqualTo("snapshot");
		for (Map<String, Object> service : (List<Map<String, Object>>) events.get(0).data().get("services")) {
			TreeSet<String> ids = new TreeSet<>();
			for (Map<String, Object> instance : (List<Map<String, Object>>) service.get("instances")) {
				ids.add((String) instance.get("id"));
			}
			instances.put((String) service.get("service"), ids);
		}
		for (WatchRecorder.Event event : new ArrayList<>(events.subList(1, events.size()))) {
			TreeSet<String> ids = instances.computeIfAbsent((String) event.data().get("service"), (name) -> new TreeSet<>());
			String id = (String) event.data().get("id");
			if (event.name().equals("deregister") || event.name().equals("expire")) {
				ids.remove(id);
			}
			else {
				ids.add(id);
			}
		}
		return instances;
	}

	private static String service(int i) {
		return String.format("big-%03d", i % SERVICES);
	}

	private static Map<String, Object> instance(int port) {
		return Map.of("host", "10.9.0.1", "port", port, "ttlSeconds", 600);
	}

}

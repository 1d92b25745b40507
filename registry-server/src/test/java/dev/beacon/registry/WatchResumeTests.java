package dev.beacon.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import dev.beacon.registry.store.LogCursor;
import dev.beacon.registry.store.RedisKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watch stream: a snapshot first, then every change in order; a watcher that comes back
 * with {@code Last-Event-ID} receives exactly what it missed, or a snapshot when the bounded
 * change log no longer holds all of it.
 */
@SuppressWarnings("unchecked")
class WatchResumeTests {

	private static TestRegistry registry;

	private static RedisInspector redis;

	@BeforeAll
	static void start() {
		registry = TestRegistry.start(TestRegistry.newPrefix(), "beacon.registry.change-log.max-length=100");
		redis = new RedisInspector();
	}

	@AfterAll
	static void stop() {
		registry.close();
		redis.close();
	}

	@Test
	void newWatcherStartsWithASnapshotOfTheServicesItAsksFor() {
		registry.register("snap-a", "snap-a-1", Map.of("host", "10.2.0.1", "port", 8080));
		registry.register("snap-b", "snap-b-1", Map.of("host", "10.2.0.2", "port", 8080));
		try (WatchRecorder watcher = WatchRecorder.watch(registry, "?services=snap-a,snap-c")) {
			WatchRecorder.Event snapshot = watcher.awaitSnapshot();
			List<Map<String, Object>> services = (List<Map<String, Object>>) snapshot.data().get("services");
			assertThat(services).extracting((service) -> service.get("service")).containsExactly("snap-a", "snap-c");
			assertThat((List<Object>) services.get(0).get("instances")).hasSize(1);
			assertThat(services.get(1)).containsEntry("revision", 0).containsEntry("instances", List.of());
			assertThat(snapshot.id()).isEqualTo(snapshot.data().get("position"));
		}
	}

	@Test
	void watcherThatResumesReceivesEveryMissedEventInOrder() {
		String lastSeen;
		try (WatchRecorder watcher = WatchRecorder.watch(registry, "?services=resume")) {
			watcher.awaitSnapshot();
			registry.register("resume", "resume-1", Map.of("host", "10.2.1.1", "port", 8080));
			watcher.awaitEvent("register", "resume-1");
			lastSeen = watcher.lastId();
		}
		registry.register("resume", "resume-2", Map.of("host", "10.2.1.2", "port", 8080));
		registry.register("elsewhere", "elsewhere-1", Map.of("host", "10.2.1.9", "port", 8080));
		registry.register("resume", "resume-3", Map.of("host", "10.2.1.3", "port", 8080));
		setStatus("resume", "resume-1", "DOWN");
		registry.deregister("resume", "resume-2");

		try (WatchRecorder resumed = resumeWatch("?services=resume", lastSeen)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events().size() >= 4);
			assertThat(resumed.events()).extracting((event) -> event.name() + " " + event.instanceId())
				.containsExactly("register resume-2", "register resume-3", "status resume-1", "deregister resume-2");
			assertThat(resumed.events()).extracting(WatchRecorder.Event::data)
				.extracting((data) -> data.get("revision"))
				.containsExactly(2, 3, 4, 5);
			// and the stream stays live after the backlog
			registry.register("resume", "resume-4", Map.of("host", "10.2.1.4", "port", 8080));
			resumed.awaitEvent("register", "resume-4");
			assertThat(resumed.events()).extracting(WatchRecorder.Event::id).doesNotHaveDuplicates();
		}
	}

	@Test
	void watcherThatResumesFromBeforeTheRetainedLogReceivesASnapshot() {
		String lastSeen;
		try (WatchRecorder watcher = WatchRecorder.watch(registry, "?services=churn")) {
			watcher.awaitSnapshot();
			// a lease that outlives the 600 registrations below, however slow the machine
			registry.register("churn", "churn-1", Map.of("host", "10.2.2.1", "port", 8080, "ttlSeconds", 600));
			lastSeen = watcher.awaitEvent("register", "churn-1").id();
		}
		// far more changes than the log retains (max-length 100), so lastSeen is trimmed away
		for (int i = 0; i < 600; i++) {
			registry.register("churn", "churn-2", Map.of("host", "10.2.2.2", "port", 8000 + i, "ttlSeconds", 600));
		}
		RedisKeys keys = RedisInspector.keys(registry.prefix());
		int partition = keys.partitionOf("churn");
		String oldest = redis.commands().xrange(keys.events(partition), io.lettuce.core.Range.create("-", "+"),
				io.lettuce.core.Limit.from(1)).get(0).getId();
		assertThat(compare(oldest, LogCursor.parse(lastSeen, keys.partitions()).position(partition).toString()))
			.isPositive();

		try (WatchRecorder resumed = resumeWatch("?services=churn", lastSeen)) {
			WatchRecorder.Event snapshot = resumed.awaitSnapshot();
			assertThat(resumed.events().get(0).name()).isEqualTo("snapshot");
			List<Map<String, Object>> services = (List<Map<String, Object>>) snapshot.data().get("services");
			List<Map<String, Object>> instances = (List<Map<String, Object>>) services.get(0).get("instances");
			assertThat(instances).extracting((instance) -> instance.get("id") + ":" + instance.get("port"))
				.containsExactlyInAnyOrder("churn-1:8080", "churn-2:8599");
			registry.deregister("churn", "churn-1");
			resumed.awaitEvent("deregister", "churn-1");
		}
	}

	@Test
	void watcherSeesExpiryAsAnEvent() {
		try (WatchRecorder watcher = WatchRecorder.watch(registry, "?services=fading")) {
			watcher.awaitSnapshot();
			registry.register("fading", "fading-1", Map.of("host", "10.2.3.1", "port", 8080, "ttlSeconds", 1));
			watcher.awaitEvent("register", "fading-1");
			WatchRecorder.Event expiry = watcher.awaitEvent("expire", "fading-1");
			assertThat(expiry.data()).containsEntry("revision", 2);
		}
	}

	private static WatchRecorder resumeWatch(String query, String lastEventId) {
		return WatchRecorder.resume(registry, query, lastEventId);
	}

	private static void setStatus(String service, String id, String status) {
		registry.client()
			.put()
			.uri("/v1/services/{service}/instances/{id}/status", service, id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", status))
			.retrieve()
			.toBodilessEntity()
			.block(Duration.ofSeconds(5));
	}

	private static int compare(String left, String right) {
		String[] a = left.split("-");
		String[] b = right.split("-");
		int byTime = Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0]));
		return (byTime != 0) ? byTime : Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1]));
	}

}

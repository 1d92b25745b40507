package dev.beacon.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The semantics of register, heartbeat, status change, deregister and reads, against a real
 * registry server and a real Redis.
 */
@SuppressWarnings("unchecked")
class InstanceApiTests {

	private static TestRegistry registry;

	private static RedisInspector redis;

	@BeforeAll
	static void start() {
		registry = TestRegistry.start(TestRegistry.newPrefix());
		redis = new RedisInspector();
	}

	@AfterAll
	static void stop() {
		registry.close();
		redis.close();
	}

	@Test
	void registerNewInstanceAnswersCreatedWithTheStoredInstance() {
		Map<String, Object> body = registry.client()
			.put()
			.uri("/v1/services/orders/instances/orders-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("host", "10.0.0.1", "port", 8080, "zone", "eu-1a", "metadata", Map.of("version", "1.2")))
			.exchangeToMono((response) -> {
				assertThat(response.statusCode().value()).isEqualTo(201);
				assertThat(response.headers().header("X-Beacon-Revision")).containsExactly("1");
				return response.bodyToMono(TestRegistry.JSON);
			})
			.block();
		assertThat(body).containsEntry("service", "orders")
			.containsEntry("id", "orders-1")
			.containsEntry("host", "10.0.0.1")
			.containsEntry("port", 8080)
			.containsEntry("status", "UP")
			.containsEntry("zone", "eu-1a")
			.containsEntry("weight", 1)
			.containsEntry("secure", false)
			.containsEntry("ttlSeconds", 15)
			.containsEntry("metadata", Map.of("version", "1.2"));
	}

	/**
	 * The plain read and the watch snapshot splice stored documents; a blocking query is
	 * written by Jackson through the handler chain. All three describe the service alike.
	 */
	@Test
	void splicedReadAndSnapshotMatchTheDocumentJacksonWrites() {
		registry.register("alike", "alike-1", Map.of("host", "10.0.0.7", "port", 8443, "secure", true, "zone", "eu-1b",
				"weight", 3, "metadata", Map.of("version", "2.0", "team", "a \"quoted\" name")));
		registry.register("alike", "alike-2", Map.of("host", "10.0.0.8", "port", 8080, "status", "OUT_OF_SERVICE"));
		Map<String, Object> spliced = registry.service("alike");
		Map<String, Object> written = registry.client()
			.get()
			.uri("/v1/services/alike?index=0")
			.retrieve()
			.bodyToMono(TestRegistry.JSON)
			.block(Duration.ofSeconds(10));
		assertThat(spliced).isEqualTo(written);
		try (WatchRecorder watcher = WatchRecorder.watch(registry, "?services=alike")) {
			List<Map<String, Object>> services = (List<Map<String, Object>>) watcher.awaitSnapshot().data()
				.get("services");
			assertThat(services).containsExactly(written);
		}
	}

	@Test
	void registeringTheSameInstanceAgainKeepsOneLeaseAndRecordsNoEvent() {
		Map<String, Object> instance = Map.of("host", "10.0.0.2", "port", 8080);
		assertThat(registry.register("repeat", "repeat-1", instance)).isEqualTo(201);
		int events = redis.events(registry.prefix()).size();
		assertThat(registry.register("repeat", "repeat-1", instance)).isEqualTo(200);
		assertThat(redis.events(registry.prefix())).hasSize(events);
		assertThat(registry.service("repeat")).containsEntry("revision", 1);
		assertThat(redis.leases(registry.prefix())).containsKey("repeat/repeat-1");
	}

	@Test
	void replacingAnInstanceBumpsTheRevisionAndKeepsOneInstance() {
		registry.register("replace", "replace-1", Map.of("host", "10.0.0.3", "port", 8080));
		assertThat(registry.register("replace", "replace-1", Map.of("host", "10.0.0.3", "port", 9090))).isEqualTo(200);
		Map<String, Object> service = registry.service("replace");
		assertThat(service).containsEntry("revision", 2);
		assertThat((List<Object>) service.get("instances")).singleElement()
			.satisfies((instance) -> assertThat((Map<String, Object>) instance).containsEntry("port", 9090));
		assertThat(redis.leases(registry.prefix())).containsKey("replace/replace-1");
	}

	@Test
	void heartbeatRenewsTheLeaseWithoutARevisionOrEvent() {
		registry.register("beat", "beat-1", Map.of("host", "10.0.0.4", "port", 8080, "ttlSeconds", 30));
		Double before = redis.leases(registry.prefix()).get("beat/beat-1");
		int events = redis.events(registry.prefix()).size();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> {
				assertThat(registry.heartbeat("beat", "beat-1")).isEqualTo(204);
				assertThat(redis.leases(registry.prefix()).get("beat/beat-1")).isGreaterThan(before);
			});
		assertThat(redis.events(registry.prefix())).hasSize(events);
		assertThat(registry.service("beat")).containsEntry("revision", 1);
	}

	/**
	 * Heartbeats in every form a client may send renew the lease, whether the server answers
	 * them ahead of its handler chain or through it.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "", "{}", "{\"status\":null}", "{\"status\":\"UP\"}" })
	void heartbeatRenewsWhateverFormItsBodyTakes(String body) {
		registry.register("forms", "forms-1", Map.of("host", "10.0.0.9", "port", 8080, "ttlSeconds", 30));
		Double before = redis.leases(registry.prefix()).get("forms/forms-1");
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			int status = registry.client()
				.put()
				.uri(URI.create(registry.url() + "/v1/services/forms/instances/forms%2D1/heartbeat"))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.block();
			assertThat(status).isEqualTo(204);
			assertThat(redis.leases(registry.prefix()).get("forms/forms-1")).isGreaterThan(before);
		});
		assertThat(registry.service("forms")).containsEntry("revision", 1);
	}

	@Test
	void heartbeatOfUnknownInstanceAnswersNotFoundAsProblem() {
		registry.client()
			.put()
			.uri("/v1/services/nobody/instances/nobody-1/heartbeat")
			.exchangeToMono((response) -> {
				assertThat(response.statusCode().value()).isEqualTo(404);
				assertThat(response.headers().contentType()).contains(MediaType.APPLICATION_PROBLEM_JSON);
				return response.releaseBody();
			})
			.block();
		assertThat(redis.leases(registry.prefix()).get("nobody/nobody-1")).isNull();
	}

	@Test
	void heartbeatCarryingANewStatusChangesItAndRecordsOneEvent() {
		registry.register("flip", "flip-1", Map.of("host", "10.0.0.5", "port", 8080));
		int events = redis.events(registry.prefix()).size();
		int status = registry.client()
			.put()
			.uri("/v1/services/flip/instances/flip-1/heartbeat")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", "DOWN"))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block();
		assertThat(status).isEqualTo(204);
		assertThat(redis.events(registry.prefix())).hasSize(events + 1);
		assertThat(registry.service("flip")).containsEntry("revision", 2);
		Map<String, Object> up = registry.client()
			.get()
			.uri("/v1/services/flip?status=UP")
			.retrieve()
			.bodyToMono(TestRegistry.JSON)
			.block();
		assertThat((List<Object>) up.get("instances")).isEmpty();
	}

	@Test
	void statusCallChangesStatusAndCountsFollow() {
		registry.register("counted", "counted-1", Map.of("host", "10.0.0.6", "port", 8080));
		registry.register("counted", "counted-2", Map.of("host", "10.0.0.7", "port", 8080));
		registry.client()
			.put()
			.uri("/v1/services/counted/instances/counted-2/status")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", "OUT_OF_SERVICE"))
			.retrieve()
			.toBodilessEntity()
			.block();
		Map<String, Object> catalog = registry.client().get().uri("/v1/services").retrieve().bodyToMono(TestRegistry.JSON).block();
		assertThat((List<Object>) catalog.get("services"))
			.contains((Object) Map.of("service", "counted", "instances", 2, "up", 1));
	}

	@Test
	void deregisterRemovesInstanceAndLeaseAndAnswersNotFoundTheSecondTime() {
		registry.register("leaving", "leaving-1", Map.of("host", "10.0.0.8", "port", 8080));
		assertThat(registry.deregister("leaving", "leaving-1")).isEqualTo(204);
		assertThat(registry.instanceIds("leaving")).isEmpty();
		assertThat(redis.leases(registry.prefix()).get("leaving/leaving-1")).isNull();
		assertThat(registry.deregister("leaving", "leaving-1")).isEqualTo(404);
		Map<String, Object> catalog = registry.client().get().uri("/v1/services").retrieve().bodyToMono(TestRegistry.JSON).block();
		assertThat((List<Object>) catalog.get("services")).noneMatch((entry) -> "leaving".equals(((Map<?, ?>) entry).get("service")));
	}

	@Test
	void unknownServiceReadsAsEmptyAtRevisionZero() {
		assertThat(registry.service("never-seen")).containsEntry("revision", 0)
			.containsEntry("instances", List.of());
	}

	@Test
	void expiredLeaseIsEvictedWithOneExpireEvent() {
		registry.register("brief", "brief-1", Map.of("host", "10.0.0.9", "port", 8080, "ttlSeconds", 1));
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> registry.instanceIds("brief").isEmpty());
		assertThat(redis.events(registry.prefix()))
			.filteredOn((event) -> "brief".equals(event.getBody().get("service")))
			.extracting((event) -> event.getBody().get("type"))
			.containsExactly("register", "expire");
		assertThat(registry.heartbeat("brief", "brief-1")).isEqualTo(404);
	}

}

package dev.beacon.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients at once, each registering and heartbeating its own instance: no update is lost,
 * and each service's revision counts exactly the changes made to it.
 */
@SuppressWarnings("unchecked")
class ConcurrentClientsTests {

	private static final int CLIENTS = 200;

	private static final int SERVICES = 10;

	private static final String[] STATUSES = { "DOWN", "UP", "OUT_OF_SERVICE", "UP", "DOWN" };

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
	void twoHundredConcurrentClientsLoseNoUpdate() throws Exception {
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try {
			List<Future<List<Integer>>> results = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				int client = i;
				results.add(clients.submit(() -> {
					go.await();
					return runClient(client);
				}));
			}
			go.countDown();
			for (Future<List<Integer>> result : results) {
				List<Integer> statuses = result.get(60, TimeUnit.SECONDS);
				assertThat(statuses.get(0)).isEqualTo(201);
				assertThat(statuses.subList(1, statuses.size())).containsOnly(204);
			}
		}
		finally {
			clients.shutdownNow();
		}

		for (int s = 0; s < SERVICES; s++) {
			Map<String, Object> service = registry.service("load-" + s);
			List<Map<String, Object>> instances = (List<Map<String, Object>>) service.get("instances");
			assertThat(instances).hasSize(CLIENTS / SERVICES);
			assertThat(instances).allSatisfy((instance) -> assertThat(instance).containsEntry("status", "DOWN"));
			// one registration and five status changes per instance, each one revision
			assertThat(service).containsEntry("revision", (CLIENTS / SERVICES) * (1 + STATUSES.length));
		}
		assertThat(redis.events(registry.prefix())).hasSize(CLIENTS * (1 + STATUSES.length));
		assertThat(redis.leases(registry.prefix()).size()).isEqualTo(CLIENTS);
		Map<String, Object> catalog = registry.client().get().uri("/v1/services").retrieve()
			.bodyToMono(TestRegistry.JSON).block();
		assertThat((List<Map<String, Object>>) catalog.get("services"))
			.filteredOn((entry) -> ((String) entry.get("service")).startsWith("load-"))
			.allSatisfy((entry) -> assertThat(entry).containsEntry("instances", CLIENTS / SERVICES)
				.containsEntry("up", 0));
	}

	private static List<Integer> runClient(int client) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		String instance = registry.url() + "/v1/services/load-" + (client % SERVICES) + "/instances/load-" + client;
		List<Integer> statuses = new ArrayList<>();
		statuses.add(send(http, instance, "{\"host\":\"10.4.0." + (client % 250) + "\",\"port\":" + (8000 + client) + "}"));
		for (String status : STATUSES) {
			statuses.add(send(http, instance + "/heartbeat", "{\"status\":\"" + status + "\"}"));
			statuses.add(send(http, instance + "/heartbeat", null));
		}
		return statuses;
	}

	private static int send(HttpClient http, String url, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + TestRegistry.TOKEN);
		if (json != null) {
			request.header("Content-Type", "application/json").PUT(BodyPublishers.ofString(json));
		}
		else {
			request.PUT(BodyPublishers.noBody());
		}
		return http.send(request.build(), BodyHandlers.discarding()).statusCode();
	}

}

package dev.beacon.registry.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three registry servers on one Redis share the health checks: each check runs once per
 * interval, counted at its target, and a server that stops hands its checks to the others.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckSharingTests {

	private static final Duration INTERVAL = Duration.ofMillis(300);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final List<CheckTestRegistry> servers = new ArrayList<>();

	@BeforeAll
	static void start() {
		String prefix = CheckTestRegistry.newPrefix();
		for (int i = 0; i < 3; i++) {
			servers.add(CheckTestRegistry.start(prefix));
		}
	}

	@AfterAll
	static void stop() {
		servers.forEach(CheckTestRegistry::close);
	}

	@Test
	@Order(1)
	void threeServersRunEachCheckOncePerInterval() {
		try (HealthTarget target = HealthTarget.start()) {
			register("shared", target);
			await().atMost(TIMEOUT).until(() -> target.requestCount() >= 18);
			// the first run on each server also loads and connects what later runs reuse: it may
			// reach the target late, and the next one seem early
			List<Long> times = target.requestTimes().subList(3, 18);
			// one run per interval spreads 15 requests over 14 intervals, a run on each server over
			// about 5; the slack of three intervals takes a request that reached the target late on
			// a busy machine, which a bound on the gap between two requests would not
			assertThat(times.get(times.size() - 1) - times.get(0)).as("time from the 4th request to the 18th")
				.isGreaterThanOrEqualTo((times.size() - 4) * INTERVAL.toNanos());
			assertThat(servers).filteredOn((server) -> server.runs() > 0).isNotEmpty();
		}
	}

	@Test
	@Order(2)
	void checkRunsOnWhenTheServerThatRanItStops() {
		try (HealthTarget target = HealthTarget.start()) {
			register("handover", target);
			await().atMost(TIMEOUT).until(() -> target.requestCount() >= 3);
			// the server that ran the latest check: its count moves with the next request
			double[] before = servers.stream().mapToDouble(CheckTestRegistry::runs).toArray();
			int requests = target.requestCount();
			await().atMost(TIMEOUT).until(() -> target.requestCount() > requests + 1);
			CheckTestRegistry running = servers.stream()
				.max(Comparator.comparingDouble((server) -> server.runs() - before[servers.indexOf(server)]))
				.orElseThrow();
			servers.remove(running);
			running.close();

			double[] others = servers.stream().mapToDouble(CheckTestRegistry::runs).toArray();
			int atStop = target.requestCount();
			await().atMost(TIMEOUT).until(() -> target.requestCount() >= atStop + 5);
			assertThat(servers.get(0).runs() + servers.get(1).runs()).isGreaterThan(others[0] + others[1]);
		}
	}

	private static void register(String service, HealthTarget target) {
		assertThat(servers.get(0)
			.register(service, service + "-1", "{\"host\":\"127.0.0.1\",\"port\":" + target.port()
					+ ",\"check\":{\"http\":\"/health\",\"interval\":\"" + INTERVAL.toMillis() + "ms\"}}")
			.statusCode()).isEqualTo(201);
	}

}

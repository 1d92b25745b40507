package dev.beacon.registry.checks;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.client.Check;
import dev.beacon.client.Instance;
import dev.beacon.client.CheckState;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.Registration;
import dev.beacon.testsupport.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance's status follows the health check that the registry runs against it, with real
 * HTTP servers and closed ports as instances: three failures in a row turn it {@code DOWN}, two
 * passes {@code UP} again, each change one revision; passing checks keep its lease without
 * heartbeats, failing ones for {@code deregisterAfter} remove it.
 */
class CheckStatusTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static CheckTestRegistry registry;

	@BeforeAll
	static void start() {
		registry = CheckTestRegistry.start(CheckTestRegistry.newPrefix(), "beacon.registry.checks.failures-before-down=3",
				"beacon.registry.checks.passes-before-up=2");
	}

	@AfterAll
	static void stop() {
		registry.close();
	}

	@Test
	void instanceAnswering503GoesDownAfterThreeFailuresAndUpAfterTwoPasses() {
		try (HealthTarget target = HealthTarget.start()) {
			assertThat(registry.register("web", "web-1", "{\"host\":\"127.0.0.1\",\"port\":" + target.port()
					+ ",\"check\":{\"http\":\"/health\",\"interval\":\"200ms\",\"timeout\":\"150ms\"}}")
				.statusCode()).isEqualTo(201);
			await().atMost(TIMEOUT).until(() -> target.requestCount() >= 2);
			assertThat(registry.instance("web", "web-1").status()).isEqualTo(InstanceStatus.UP);
			long revision = registry.service("web").revision();

			target.answer(503);
			int before = target.requestCount();
			await().atMost(TIMEOUT).until(() -> registry.instance("web", "web-1").status() == InstanceStatus.DOWN);
			assertThat(target.requestCount() - before).isGreaterThanOrEqualTo(3);
			assertThat(registry.service("web").revision()).isEqualTo(revision + 1);

			target.answer(200);
			int failed = target.requestCount();
			await().atMost(TIMEOUT).until(() -> registry.instance("web", "web-1").status() == InstanceStatus.UP);
			assertThat(target.requestCount() - failed).isGreaterThanOrEqualTo(2);
			assertThat(registry.service("web").revision()).isEqualTo(revision + 2);
		}
	}

	@Test
	void theCheckSaysHowManyRunsFailedSinceWhenAndWhenItRunsNext() {
		try (HealthTarget target = HealthTarget.start()) {
			registry.register("told", "told-1", "{\"host\":\"127.0.0.1\",\"port\":" + target.port()
					+ ",\"check\":{\"http\":\"/health\",\"interval\":\"200ms\",\"timeout\":\"150ms\"}}");
			CheckState passing = await().atMost(TIMEOUT)
				.until(() -> registry.client().checkState("told", "told-1"), (state) -> state.passes() >= 2);
			assertThat(passing.check().http()).isEqualTo("/health");
			assertThat(passing.failures()).isZero();
			assertThat(passing.failingSinceMillis()).isZero();
			assertThat(passing.nextRunMillis()).isPositive();

			target.answer(503);
			await().atMost(TIMEOUT).until(() -> registry.instance("told", "told-1").status() == InstanceStatus.DOWN);
			CheckState failing = registry.client().checkState("told", "told-1");
			assertThat(failing.failures()).isGreaterThanOrEqualTo(3);
			assertThat(failing.passes()).isZero();
			assertThat(failing.failingSinceMillis()).isPositive().isLessThan(failing.nextRunMillis());
		}
		registry.register("unchecked", "unchecked-1", "{\"host\":\"127.0.0.1\",\"port\":8080}");
		assertThat(registry.client().checkState("unchecked", "unchecked-1")).isNull();
		assertThat(registry.client().checkState("unchecked", "nobody")).isNull();
	}

	@Test
	void heartbeatSayingUpDoesNotLiftTheDownOfAFailingCheck() {
		try (HealthTarget target = HealthTarget.start()) {
			assertThat(registry.register("hung", "hung-1", "{\"host\":\"127.0.0.1\",\"port\":" + target.port()
					+ ",\"check\":{\"http\":\"/health\",\"interval\":\"200ms\",\"timeout\":\"150ms\"}}")
				.statusCode()).isEqualTo(201);
			target.answer(503);
			await().atMost(TIMEOUT).until(() -> registry.instance("hung", "hung-1").status() == InstanceStatus.DOWN);
			long revision = registry.service("hung").revision();

			// a process whose heartbeat thread still runs while it no longer serves
			assertThat(registry.client().heartbeat("hung", "hung-1", InstanceStatus.UP)).isTrue();
			int runs = target.requestCount();
			await().atMost(TIMEOUT).until(() -> target.requestCount() >= runs + 2);

			assertThat(registry.service("hung").revision()).as("no status change after the heartbeat").isEqualTo(revision);
			assertThat(registry.instance("hung", "hung-1").status()).isEqualTo(InstanceStatus.DOWN);
		}
	}

	@Test
	void tcpCheckOfAClosedPortTurnsTheInstanceDown() {
		int closed = FreePorts.next();
		registry.register("db", "db-1", "{\"host\":\"127.0.0.1\",\"port\":" + closed
				+ ",\"check\":{\"tcp\":true,\"interval\":\"100ms\",\"timeout\":\"100ms\"}}");
		await().atMost(TIMEOUT).until(() -> registry.instance("db", "db-1").status() == InstanceStatus.DOWN);
	}

	@Test
	void tcpCheckOfAnOpenPortTurnsAStartingInstanceUp() {
		try (HealthTarget target = HealthTarget.start()) {
			registry.register("cache", "cache-1", "{\"host\":\"127.0.0.1\",\"port\":" + target.port()
					+ ",\"status\":\"STARTING\",\"check\":{\"tcp\":true,\"interval\":\"100ms\"}}");
			await().atMost(TIMEOUT).until(() -> registry.instance("cache", "cache-1").status() == InstanceStatus.UP);
		}
	}

	@Test
	void passingCheckKeepsTheLeaseWithoutHeartbeatsAndFailingForDeregisterAfterRemovesTheInstance() {
		try (HealthTarget target = HealthTarget.start()) {
			registry.register("batch", "batch-1", "{\"host\":\"127.0.0.1\",\"port\":" + target.port()
					+ ",\"ttlSeconds\":1,\"check\":{\"http\":\"/health\",\"interval\":\"200ms\",\"timeout\":\"100ms\","
					+ "\"deregisterAfter\":\"1500ms\"}}");
			// three lease terms without a heartbeat: the passing check keeps it
			await().during(Duration.ofSeconds(3))
				.atMost(TIMEOUT)
				.until(() -> registry.instance("batch", "batch-1") != null);
			target.answer(500);
			await().atMost(TIMEOUT).until(() -> registry.instance("batch", "batch-1") == null);
			int afterRemoval = target.requestCount();
			// its check went with it
			await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> target.requestCount() <= afterRemoval + 1);
		}
	}

	@Test
	void failingCheckWithoutDeregisterAfterLetsTheLeaseRunOut() {
		try (HealthTarget target = HealthTarget.start()) {
			target.answer(503);
			registry.register("report", "report-1", "{\"host\":\"127.0.0.1\",\"port\":" + target.port()
					+ ",\"ttlSeconds\":1,\"check\":{\"http\":\"/health\",\"interval\":\"100ms\"}}");
			await().atMost(TIMEOUT).until(() -> registry.instance("report", "report-1") == null);
		}
	}

	@Test
	void javaClientRegistersWithACheckAndReadsItBack() {
		try (HealthTarget target = HealthTarget.start()) {
			Check check = Check.http("/health", Duration.ofMillis(300), Duration.ofMillis(200))
				.withDeregisterAfter(Duration.ofMinutes(5));
			registry.client().register("plain", "plain-1", Registration.of("127.0.0.1", target.port()).withCheck(check));
			Instance instance = registry.instance("plain", "plain-1");
			assertThat(instance.check()).isEqualTo(check);
			await().atMost(TIMEOUT).until(() -> target.requestCount() >= 1);
		}
	}

}

package dev.beacon.discovery.registration;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUrls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status this instance reports: by hand, then health, then readiness.
 */
class InstanceStatusTests {

	private final AtomicReference<String> health = new AtomicReference<>();

	private final InstanceStatus status = new InstanceStatus(this.health::get);

	private final AtomicInteger changes = new AtomicInteger();

	InstanceStatusTests() {
		this.status.onChange(this.changes::incrementAndGet);
	}

	@Test
	void startingBeforeTheApplicationAcceptsTraffic() {
		assertThat(this.status.current()).isEqualTo("STARTING");

		readiness(ReadinessState.REFUSING_TRAFFIC);

		assertThat(this.status.current()).isEqualTo("STARTING");
	}

	@Test
	void upWhileAcceptingTraffic() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);

		assertThat(this.status.current()).isEqualTo("UP");
	}

	@Test
	void outOfServiceOnceItRefusesTrafficAfterBeingReady() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);

		readiness(ReadinessState.REFUSING_TRAFFIC);

		assertThat(this.status.current()).isEqualTo("OUT_OF_SERVICE");
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.status.current()).isEqualTo("UP");
	}

	@Test
	void livenessChangesNothing() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		int before = this.changes.get();

		publish(LivenessState.BROKEN);

		assertThat(this.status.current()).isEqualTo("UP");
		assertThat(this.changes).hasValue(before);
	}

	@Test
	void healthDownOverridesReadiness() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);

		this.health.set("DOWN");

		assertThat(this.status.current()).isEqualTo("DOWN");
	}

	@Test
	void healthOutOfServiceOverridesReadiness() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);

		this.health.set("OUT_OF_SERVICE");

		assertThat(this.status.current()).isEqualTo("OUT_OF_SERVICE");
	}

	@Test
	void healthIsIgnoredUntilTheApplicationIsFirstReady() {
		// during start-up liveness itself reads as broken, so health says DOWN
		this.health.set("DOWN");

		assertThat(this.status.current()).isEqualTo("STARTING");
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.status.current()).isEqualTo("DOWN");
	}

	@Test
	void readinessDecidesAgainOnceHealthImposesNothing() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		this.health.set("DOWN");

		this.health.set(null);

		assertThat(this.status.current()).isEqualTo("UP");
	}

	@Test
	void manualStatusWinsOverReadiness() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);

		this.status.setByHand("OUT_OF_SERVICE");

		assertThat(this.status.current()).isEqualTo("OUT_OF_SERVICE");
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.status.current()).isEqualTo("OUT_OF_SERVICE");
	}

	@Test
	void manualStatusWinsOverHealth() {
		this.health.set("OUT_OF_SERVICE");

		this.status.setByHand("DOWN");

		assertThat(this.status.current()).isEqualTo("DOWN");
	}

	@Test
	void manualStatusLastsUntilSetBackToUp() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		this.status.setByHand("DOWN");
		this.status.setByHand("OUT_OF_SERVICE");
		assertThat(this.status.current()).isEqualTo("OUT_OF_SERVICE");

		this.status.setByHand("UP");

		assertThat(this.status.current()).isEqualTo("UP");
	}

	@Test
	void manualUpHandsBackToHealthAndReadinessRatherThanForcingUp() {
		this.status.setByHand("OUT_OF_SERVICE");

		this.status.setByHand("UP");

		assertThat(this.status.current()).isEqualTo("STARTING");
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		this.health.set("DOWN");
		assertThat(this.status.current()).isEqualTo("DOWN");
	}

	@Test
	void changeCallbackRunsOnEachChange() {
		readiness(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(this.changes).hasValue(1);

		this.status.setByHand("OUT_OF_SERVICE");
		assertThat(this.changes).hasValue(2);

		this.status.setByHand("UP");
		assertThat(this.changes).hasValue(3);

		readiness(ReadinessState.REFUSING_TRAFFIC);
		assertThat(this.changes).hasValue(4);
	}

	@Test
	void statusSetThroughTheServiceRegistryIsUpperCasedAndReadBack() {
		RegistryClient unreachable = new RegistryClient(new RegistryUrls(List.of(URI.create("http://127.0.0.1:1"))),
				null, Duration.ofSeconds(1), HttpClient.newHttpClient());
		HeartbeatSender heartbeats = new HeartbeatSender(unreachable, new SimpleAsyncTaskScheduler(),
				Clock.systemUTC(), this.status, Duration.ofSeconds(5));
		BeaconServiceRegistry registry = new BeaconServiceRegistry(unreachable, this.status, heartbeats, false,
				Duration.ZERO, true);
		BeaconRegistration registration = new BeaconRegistration("orders", null, "10.0.0.1", 8080, false, null, 1,
				Map.of(), 15);
		readiness(ReadinessState.ACCEPTING_TRAFFIC);

		registry.setStatus(registration, "out_of_service");

		assertThat(this.status.current()).isEqualTo("OUT_OF_SERVICE");
		assertThat((String) registry.getStatus(registration)).isEqualTo("OUT_OF_SERVICE");
		registry.setStatus(registration, "up");
		assertThat((String) registry.getStatus(registration)).isEqualTo("UP");
	}

	private void readiness(ReadinessState state) {
		publish(state);
	}

	private void publish(AvailabilityState state) {
		this.status.onApplicationEvent(new AvailabilityChangeEvent<>(this, state));
	}

}

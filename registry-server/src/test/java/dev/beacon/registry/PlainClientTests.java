package dev.beacon.registry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import dev.beacon.client.Change;
import dev.beacon.client.ChangeStream;
import dev.beacon.client.ChangeType;
import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryRejectedException;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.ServiceSummary;
import dev.beacon.client.Snapshot;
import dev.beacon.client.WatchSettings;
import dev.beacon.client.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The plain Java client of {@code beacon-registry-client} against a real registry server: every
 * call of the API and the change stream, and the wire contract's example documents (kept in
 * that module) as the server takes and answers them.
 */
class PlainClientTests {

	private static final Path CONTRACT = Path.of("../registry-client/src/test/resources/contract");

	private static TestRegistry registry;

	private static RegistryClient client;

	private static ScheduledExecutorService scheduler;

	private final WireCodec codec = new WireCodec();

	@BeforeAll
	static void start() {
		registry = TestRegistry.start(TestRegistry.newPrefix());
		client = RegistryClient.create(TestRegistry.TOKEN, URI.create(registry.url()));
		scheduler = Executors.newSingleThreadScheduledExecutor();
	}

	@AfterAll
	static void stop() {
		scheduler.shutdownNow();
		registry.close();
	}

	@Test
	void registrationDocumentOfTheContractIsTakenAndReadBackAsItsInstance() {
		Registration registration = this.codec.decodeRegistration(contract("registration.json"));
		client.register("contract", "contract-1", registration);

		ServiceInstances read = client.service("contract");
		assertThat(read.instances()).containsExactly(new Instance("contract", "contract-1", registration.host(),
				registration.port(), registration.secure(), registration.status(), registration.zone(),
				registration.weight(), registration.metadata(), registration.ttlSeconds()));
	}

	@Test
	void minimalRegistrationGetsTheRegistrysDefaults() {
		client.register("minimal", "minimal-1", this.codec.decodeRegistration(contract("registration-minimal.json")));

		Instance instance = client.service("minimal").instances().get(0);
		assertThat(instance.status()).isEqualTo(InstanceStatus.UP);
		assertThat(instance.ttlSeconds()).isEqualTo(15);
	}

	@Test
	void answersOfTheServerAreDocumentsOfTheContractsForm() {
		client.register("forms", "forms-1", this.codec.decodeRegistration(contract("registration.json")));
		String answer = registry.client()
			.get()
			.uri("/v1/services/forms")
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));

		JsonMapper json = JsonMapper.builder().build();
		assertThat(fieldNames(json, answer)).isEqualTo(fieldNames(json, contract("service.json")));
		assertThat(fieldNames(json, json.readTree(answer).get("instances").get(0).toString()))
			.isEqualTo(fieldNames(json, contract("instance.json")));
	}

	@Test
	void heartbeatStatusChangeAndDeregistrationDoWhatTheySay() {
		client.register("calls", "calls-1", Registration.of("10.9.0.1", 8080));
		assertThat(client.heartbeat("calls", "calls-1", null)).isTrue();
		assertThat(client.heartbeat("calls", "calls-1", InstanceStatus.DOWN)).isTrue();
		assertThat(client.service("calls").instances().get(0).status()).isEqualTo(InstanceStatus.DOWN);
		assertThat(client.changeStatus("calls", "calls-1", InstanceStatus.OUT_OF_SERVICE)).isTrue();
		assertThat(client.services()).contains(new ServiceSummary("calls", 1, 0));

		client.deregister("calls", "calls-1");
		assertThat(client.service("calls").instances()).isEmpty();
		assertThat(client.heartbeat("calls", "calls-1", null)).isFalse();
		assertThat(client.changeStatus("calls", "calls-1", InstanceStatus.UP)).isFalse();
	}

	@Test
	void refusedCallSaysWhy() {
		assertThatExceptionOfType(RegistryRejectedException.class)
			.isThrownBy(() -> client.register("Not A Name", "x", Registration.of("10.9.0.2", 8080)))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(400))
			.withMessageContaining("service");
	}

	@Test
	void changeStreamDeliversASnapshotThenEachChangeOfTheWatchedServices() {
		client.register("watched", "watched-1", Registration.of("10.9.0.3", 8080));
		RecordingChangeListener listener = new RecordingChangeListener();
		List<Object> received = listener.received();
		ChangeStream stream = new ChangeStream(client, scheduler, Clock.systemUTC(),
				new WatchSettings(List.of("watched"), Duration.ofMillis(100), Duration.ofSeconds(1),
						Duration.ofSeconds(45)),
				listener);
		stream.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(stream::isConnected);
			await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
			assertThat(received.get(0)).isInstanceOfSatisfying(Snapshot.class,
					(snapshot) -> assertThat(snapshot.services()).extracting(ServiceInstances::service)
						.containsExactly("watched"));

			client.register("unwatched", "unwatched-1", Registration.of("10.9.0.4", 8080));
			client.changeStatus("watched", "watched-1", InstanceStatus.OUT_OF_SERVICE);
			client.deregister("watched", "watched-1");

			await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
			assertThat(received.subList(1, 3)).map((item) -> ((Change) item).type())
				.containsExactly(ChangeType.STATUS, ChangeType.DEREGISTER);
		}
		finally {
			stream.stop();
		}
	}

	private static java.util.Set<String> fieldNames(JsonMapper json, String document) {
		java.util.Set<String> names = new java.util.LinkedHashSet<>();
		json.readTree(document).propertyNames().forEach(names::add);
		return names;
	}

	private static String contract(String file) {
		try {
			return Files.readString(CONTRACT.resolve(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException("The wire contract's documents are read from " + CONTRACT.toAbsolutePath(),
					ex);
		}
	}

}

package dev.beacon.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The documents of the registry's v1 API, as kept in {@code src/test/resources/contract}: each
 * reads to the values it describes and writes back to the same bytes (once its whitespace is
 * gone). The registry server's tests check that its answers are these documents too, so a
 * change of the format shows here first, as a change of a file.
 */
class WireContractTests {

	private final WireCodec codec = new WireCodec();

	@ParameterizedTest
	@ValueSource(strings = { "instance", "service", "change-status", "change-expire", "snapshot", "registration",
			"registration-minimal", "services", "registration-check", "instance-check", "check-state" })
	void everyDocumentWritesBackAsItWasRead(String name) {
		String document = contract(name);
		assertThat(reencode(name, document)).isEqualTo(compact(document));
	}

	@Test
	void instanceReadsToItsValues() {
		Instance instance = this.codec.decodeInstance(contract("instance"));
		assertThat(instance).isEqualTo(new Instance("orders", "orders-10.0.0.7-8080", "10.0.0.7", 8080, false,
				InstanceStatus.UP, "eu-west-1a", 100,
				Map.of("management.context-path", "/actuator", "version", "1.4.2"), 15));
		assertThat(instance.isUp()).isTrue();
	}

	@Test
	void changeReadsToItsValues() {
		Change change = this.codec.decodeChange(contract("change-status"));
		assertThat(change.type()).isEqualTo(ChangeType.STATUS);
		assertThat(change.revision()).isEqualTo(43);
		assertThat(change.service()).isEqualTo("orders");
		assertThat(change.instance().status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
		assertThat(change.removesInstance()).isFalse();
		assertThat(this.codec.decodeChange(contract("change-expire")).removesInstance()).isTrue();
	}

	@Test
	void snapshotReadsToItsValues() {
		Snapshot snapshot = this.codec.decodeSnapshot(contract("snapshot"));
		assertThat(snapshot.position()).isEqualTo("1796547200000-3");
		assertThat(snapshot.services()).extracting(ServiceInstances::service, ServiceInstances::revision)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("billing", 6L),
					org.assertj.core.groups.Tuple.tuple("orders", 42L));
		assertThat(snapshot.services().get(1).instances()).isEmpty();
	}

	@Test
	void registrationLeavesOutWhatTheRegistryFillsIn() {
		Registration minimal = this.codec.decodeRegistration(contract("registration-minimal"));
		assertThat(minimal).isEqualTo(Registration.of("10.0.0.9", 8080));
		assertThat(minimal.status()).isNull();
		assertThat(minimal.ttlSeconds()).isNull();
		assertThat(this.codec.decodeRegistration(contract("registration")).metadata()).containsEntry("quote",
				"a \"quoted\" line\n\\ é ✓");
	}

	@Test
	void checkReadsToItsValues() {
		Registration registration = this.codec.decodeRegistration(contract("registration-check"));
		assertThat(registration.check()).isEqualTo(Check.http("/actuator/health", Duration.ofSeconds(10),
				Duration.ofSeconds(2)).withDeregisterAfter(Duration.ofMinutes(5)));
		Instance instance = this.codec.decodeInstance(contract("instance-check"));
		assertThat(instance.check()).isEqualTo(Check.tcp(Duration.ofMillis(500), Duration.ofMillis(250)));
		assertThat(this.codec.decodeInstance(contract("instance")).check()).isNull();
	}

	@Test
	void checkOfAKindThisReaderDoesNotKnowReadsAsNone() {
		String later = contract("instance-check").replace("\"tcp\": true", "\"grpc\": \"health.v1\"");
		assertThat(this.codec.decodeInstance(later).check()).isNull();
	}

	@Test
	void statusIsWrittenAsTheStatusCallTakesIt() {
		assertThat(this.codec.encodeStatus(InstanceStatus.OUT_OF_SERVICE)).isEqualTo(compact(contract("status")));
	}

	@Test
	void metadataIsWrittenSortedWhateverTheMapsOrder() {
		Instance instance = this.codec.decodeInstance(contract("instance"));
		java.util.LinkedHashMap<String, String> reversed = new java.util.LinkedHashMap<>();
		reversed.put("version", "1.4.2");
		reversed.put("management.context-path", "/actuator");
		Registration registration = new Registration(instance.host(), instance.port(), false, null, null, 1, reversed,
				null);
		assertThat(this.codec.encode(registration)).contains(
				"\"metadata\":{\"management.context-path\":\"/actuator\",\"version\":\"1.4.2\"}");
	}

	@Test
	void readerSkipsFieldsItDoesNotKnowAndTakesAnUnknownStatusForDown() {
		String later = contract("instance").replace("\"status\": \"UP\"", "\"status\": \"DRAINING\"")
			.replace("\"ttlSeconds\": 15", "\"ttlSeconds\": 15, \"checks\": [{\"http\": \"/health\"}], \"tags\": {}");
		Instance instance = this.codec.decodeInstance(later);
		assertThat(instance.status()).isEqualTo(InstanceStatus.DOWN);
		assertThat(instance.ttlSeconds()).isEqualTo(15);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{", "[]", "{\"service\":\"orders\"}", "{\"service\":1,\"id\":\"a\",\"host\":\"h\"}",
			"{\"service\":\"orders\",\"id\":\"a\",\"host\":\"h\"} trailing", "not json" })
	void documentThatIsNotAnInstanceIsRefusedWithAWireFormatException(String document) {
		assertThatExceptionOfType(WireFormatException.class).isThrownBy(() -> this.codec.decodeInstance(document));
	}

	@Test
	void changeOfAnUnknownTypeIsRefused() {
		assertThatExceptionOfType(WireFormatException.class)
			.isThrownBy(() -> this.codec.decodeChange(contract("change-status").replace("\"status\",", "\"moved\",")))
			.withMessageContaining("type");
	}

	private String reencode(String name, String document) {
		Function<String, String> roundTrip = switch (name) {
			case "instance", "instance-check" -> (text) -> this.codec.encode(this.codec.decodeInstance(text));
			case "service" -> (text) -> this.codec.encode(this.codec.decodeService(text));
			case "snapshot" -> (text) -> this.codec.encode(this.codec.decodeSnapshot(text));
			case "services" -> (text) -> this.codec.encodeServices(this.codec.decodeServices(text));
			case "check-state" -> (text) -> this.codec.encode(this.codec.decodeCheckState(text));
			case "registration", "registration-minimal", "registration-check" ->
				(text) -> this.codec.encode(this.codec.decodeRegistration(text));
			default -> (text) -> this.codec.encode(this.codec.decodeChange(text));
		};
		return roundTrip.apply(document);
	}

	/** The document without whitespace between its tokens, fields in the file's order. */
	static String compact(String document) {
		JsonMapper json = JsonMapper.builder().build();
		return json.writeValueAsString(json.readTree(document));
	}

	/**
	 * One contract document.
	 * @param name its name, without {@code .json}
	 * @return its text
	 */
	static String contract(String name) {
		try (InputStream in = WireContractTests.class.getResourceAsStream("/contract/" + name + ".json")) {
			assertThat(in).as("contract document " + name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

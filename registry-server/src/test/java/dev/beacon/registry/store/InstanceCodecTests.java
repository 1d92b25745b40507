package dev.beacon.registry.store;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceCodecTests {

	private final InstanceCodec codec = new InstanceCodec(new WireCodec());

	static Instance[] instances() {
		return new Instance[] {
				new Instance("orders", "orders-1", "10.0.0.1", 8080, false, InstanceStatus.UP, null, 1, Map.of(), 15),
				new Instance("orders", "host.example:8443", "orders.example", 8443, true,
						InstanceStatus.OUT_OF_SERVICE, "eu-west-1a", 300,
						Map.of("version", "1.2.3", "quote", "a \"quoted\"\nline\\ é ✓", "management.port", "8081"),
						3600) };
	}

	@ParameterizedTest
	@MethodSource("instances")
	void storedDocumentDecodesToTheInstance(Instance instance) {
		assertThat(this.codec.decode(instance.service(), instance.id(), instance.status().name(),
				this.codec.encode(instance)))
			.isEqualTo(instance);
	}

	@ParameterizedTest
	@MethodSource("instances")
	void storedDocumentHoldsNeitherNameNorIdNorStatus(Instance instance) {
		assertThat(this.codec.encode(instance)).doesNotContain("\"service\"", "\"id\"", "\"status\"");
	}

	@ParameterizedTest
	@MethodSource("instances")
	void unreadableStatusReadsAsDown(Instance instance) {
		assertThat(this.codec.decode(instance.service(), instance.id(), "UNKNOWN", this.codec.encode(instance))
			.status()).isEqualTo(InstanceStatus.DOWN);
	}

	@ParameterizedTest
	@MethodSource("instances")
	void documentsWrittenBeforeTheWireCodecReadTheSameAndEncodeToTheSameBytes(Instance instance) {
		String writtenByJackson = new tools.jackson.databind.json.JsonMapper().writeValueAsString(
				new EarlierStoredInstance(instance.host(), instance.port(), instance.secure(), instance.zone(),
						instance.weight(), new java.util.TreeMap<>(instance.metadata()), instance.ttlSeconds()));

		assertThat(this.codec.encode(instance)).isEqualTo(writtenByJackson);
	}

	/** The stored document's form before the wire codec wrote it: an unchanged registration must stay unchanged. */
	record EarlierStoredInstance(String host, int port, boolean secure, @org.jspecify.annotations.Nullable String zone,
			int weight, Map<String, String> metadata, int ttlSeconds) {
	}

}

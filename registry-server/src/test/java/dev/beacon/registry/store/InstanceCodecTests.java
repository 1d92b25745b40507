package dev.beacon.registry.store;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceCodecTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final InstanceCodec codec = new InstanceCodec(this.jsonMapper);

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
	void splicedDocumentIsTheDocumentJacksonWritesForTheInstance(Instance instance) {
		StringBuilder json = new StringBuilder();
		this.codec.appendDocument(json, instance.service(), instance.id(), instance.status().name(),
				this.codec.encode(instance));

		assertThat(this.jsonMapper.readTree(json.toString()))
			.isEqualTo(this.jsonMapper.readTree(this.jsonMapper.writeValueAsString(instance)));
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
	void unreadableStatusReadsAsDownEitherWay(Instance instance) {
		StringBuilder json = new StringBuilder();
		this.codec.appendDocument(json, instance.service(), instance.id(), "UNKNOWN", this.codec.encode(instance));

		assertThat(this.jsonMapper.readTree(json.toString()).get("status").asString()).isEqualTo("DOWN");
		assertThat(this.codec.decode(instance.service(), instance.id(), "UNKNOWN", this.codec.encode(instance))
			.status()).isEqualTo(InstanceStatus.DOWN);
	}

}

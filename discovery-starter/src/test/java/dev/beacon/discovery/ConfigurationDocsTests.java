package dev.beacon.discovery;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.ConfigurationDocs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter table of docs/configuration.md names every {@code beacon.discovery.*} property of the generated
 * configuration metadata, with the same defaults, and nothing else.
 */
class ConfigurationDocsTests {

	@Test
	void docsDocumentEveryPropertyWithItsDefault() {
		Map<String, String> documented = ConfigurationDocs.documented(Path.of("../docs/configuration.md"), "beacon.discovery.");
		Map<String, String> generated = ConfigurationDocs
			.generated(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
		// the drain endpoint's own management.endpoint.drain.* settings are Actuator's, documented there
		generated.keySet().removeIf((name) -> !name.startsWith("beacon.discovery."));

		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(generated.keySet());
		generated.forEach((name, defaultValue) -> {
			if (defaultValue != null) {
				assertThat(documented.get(name)).as(name).isEqualTo(defaultValue);
			}
		});
	}

}

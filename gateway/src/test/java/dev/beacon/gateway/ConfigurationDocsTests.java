package dev.beacon.gateway;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.ConfigurationDocs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway table of docs/configuration.md names every {@code beacon.gateway.*} property of the generated
 * configuration metadata, with the same defaults.
 */
class ConfigurationDocsTests {

	@Test
	void docsDocumentEveryPropertyWithItsDefault() {
		Map<String, String> documented = ConfigurationDocs.documented(Path.of("../docs/configuration.md"), "beacon.gateway.");
		Map<String, String> generated = ConfigurationDocs
			.generated(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
		generated.keySet().removeIf((name) -> !name.startsWith("beacon.gateway."));
		// a property without a default (an empty list or map) is documented with a dash
		documented.replaceAll((name, defaultValue) -> "—".equals(defaultValue) ? null : defaultValue);

		assertThat(documented).isEqualTo(generated);
	}

}

package dev.beacon.registry;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.ConfigurationDocs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry table of docs/configuration.md names every {@code beacon.registry.*} property of the
 * generated configuration metadata, with the same defaults, and nothing else.
 */
class ConfigurationDocsTests {

	@Test
	void docsDocumentEveryPropertyWithItsDefault() {
		Map<String, String> documented = ConfigurationDocs.documented(Path.of("../docs/configuration.md"), "beacon.registry.");
		Map<String, String> generated = ConfigurationDocs
			.generated(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
		// the token list is documented as one row for its elements
		generated.remove("beacon.registry.security.tokens");
		documented.remove("beacon.registry.security.tokens[N].value");

		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(generated.keySet());
		generated.forEach((name, defaultValue) -> {
			if (defaultValue != null) {
				assertThat(documented.get(name)).as(name).isEqualTo(defaultValue);
			}
		});
	}

}

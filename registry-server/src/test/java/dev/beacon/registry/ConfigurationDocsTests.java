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
		// the token list is one property of the metadata, documented as a row per field of its elements
		generated.remove("beacon.registry.security.tokens");
		assertThat(documented.keySet().stream().filter((name) -> name.startsWith("beacon.registry.security.tokens[N].")))
			.containsExactlyInAnyOrder("beacon.registry.security.tokens[N].value",
					"beacon.registry.security.tokens[N].name", "beacon.registry.security.tokens[N].services",
					"beacon.registry.security.tokens[N].read-services",
					"beacon.registry.security.tokens[N].client-certificate");
		documented.keySet().removeIf((name) -> name.startsWith("beacon.registry.security.tokens[N]."));

		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(generated.keySet());
		generated.forEach((name, defaultValue) -> {
			if (defaultValue != null) {
				assertThat(documented.get(name)).as(name).isEqualTo(defaultValue);
			}
		});
	}

}

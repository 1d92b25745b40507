package dev.beacon.discovery;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.ConfigurationDocs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's starter table names every {@code beacon.discovery.*} property of the generated
 * configuration metadata, with the same defaults, and nothing else.
 */
class ConfigurationDocsTests {

	@Test
	void readmeDocumentsEveryPropertyWithItsDefault() {
		Map<String, String> documented = ConfigurationDocs.documented(Path.of("../README.md"), "beacon.discovery.");
		Map<String, String> generated = ConfigurationDocs
			.generated(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));

		assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(generated.keySet());
		generated.forEach((name, defaultValue) -> {
			if (defaultValue != null) {
				assertThat(documented.get(name)).as(name).isEqualTo(defaultValue);
			}
		});
	}

}

package dev.beacon.gateway;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.ConfigurationDocs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's gateway table names every {@code beacon.gateway.*} property of the generated
 * configuration metadata, with the same defaults.
 */
class ConfigurationDocsTests {

	@Test
	void readmeDocumentsEveryPropertyWithItsDefault() {
		Map<String, String> documented = ConfigurationDocs.documented(Path.of("../README.md"), "beacon.gateway.");
		Map<String, String> generated = ConfigurationDocs
			.generated(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
		generated.keySet().removeIf((name) -> !name.startsWith("beacon.gateway."));

		assertThat(documented).isEqualTo(generated);
	}

}

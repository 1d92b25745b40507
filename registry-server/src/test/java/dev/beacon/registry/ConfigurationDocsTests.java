package dev.beacon.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table names every {@code beacon.registry.*} property of the
 * generated configuration metadata, with the same defaults, and nothing else.
 */
class ConfigurationDocsTests {

	private static final Pattern ROW = Pattern.compile("^\\| `(beacon\\.registry\\.[a-z.-]+)`[^|]*\\| ([^|]*) \\|",
			Pattern.MULTILINE);

	@Test
	void readmeDocumentsEveryPropertyWithItsDefault() throws IOException {
		Map<String, String> documented = new LinkedHashMap<>();
		Matcher row = ROW.matcher(Files.readString(Path.of("../README.md")));
		while (row.find()) {
			documented.put(row.group(1), row.group(2).replace("`", "").trim());
		}
		JsonNode metadata = JsonMapper.builder().build()
			.readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
		Map<String, String> generated = new LinkedHashMap<>();
		for (JsonNode property : metadata.get("properties")) {
			JsonNode defaultValue = property.get("defaultValue");
			generated.put(property.get("name").asString(),
					(defaultValue != null) ? defaultValue.asString() : null);
		}
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

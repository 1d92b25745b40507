package dev.beacon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the two sides of a module's configuration documentation: the rows of the README's
 * property tables ({@code | `name` | default | ...}) and the configuration metadata that the
 * build generates, each as property name to default value.
 */
public final class ConfigurationDocs {

	private ConfigurationDocs() {
	}

	/**
	 * Properties documented in a README table under a prefix.
	 * @param readme the README
	 * @param prefix the prefix, such as {@code beacon.registry.}
	 * @return each documented property with its default as written (backticks removed)
	 */
	public static Map<String, String> documented(Path readme, String prefix) {
		Pattern row = Pattern.compile("^\\| `(" + Pattern.quote(prefix) + "[a-z0-9.\\[\\]N-]+)`[^|]*\\| ([^|]*) \\|",
				Pattern.MULTILINE);
		Map<String, String> documented = new LinkedHashMap<>();
		try {
			Matcher matcher = row.matcher(Files.readString(readme));
			while (matcher.find()) {
				documented.put(matcher.group(1), matcher.group(2).replace("`", "").trim());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documented;
	}

	/**
	 * Properties of generated configuration metadata.
	 * @param metadata the {@code spring-configuration-metadata.json} file
	 * @return each property with its default, or {@code null} when it has none
	 */
	public static Map<String, String> generated(Path metadata) {
		Map<String, String> generated = new LinkedHashMap<>();
		for (JsonNode property : JsonMapper.builder().build().readTree(metadata.toFile()).get("properties")) {
			JsonNode defaultValue = property.get("defaultValue");
			generated.put(property.get("name").asString(), (defaultValue != null) ? defaultValue.asString() : null);
		}
		return generated;
	}

}

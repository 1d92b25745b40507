package dev.beacon.discovery;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads whether {@code beacon.discovery.registry-url} names at least one registry, written
 * comma-separated or as an indexed list (as YAML lists are), which a plain property lookup
 * would miss.
 */
public final class RegistryUrlProperty {

	/** The property's name. */
	public static final String NAME = "beacon.discovery.registry-url";

	private RegistryUrlProperty() {
	}

	public static boolean isSet(Environment environment) {
		return isSet(Binder.get(environment).bind(NAME, Bindable.listOf(String.class)).orElse(List.of()));
	}

	/**
	 * Whether the property's values name at least one registry.
	 * @param urls the values, as bound
	 * @return {@code false} when there are none or all are blank
	 */
	public static boolean isSet(List<String> urls) {
		return !urls.stream().allMatch(String::isBlank);
	}

}

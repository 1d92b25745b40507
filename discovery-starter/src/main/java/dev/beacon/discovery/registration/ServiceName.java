package dev.beacon.discovery.registration;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;

/**
 * Finds and checks the name this application registers under.
 */
final class ServiceName {

	private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private ServiceName() {
	}

	static String of(@Nullable String configured, Environment environment) {
		String property = (configured != null) ? "beacon.discovery.service-name" : "spring.application.name";
		String name = (configured != null) ? configured : environment.getProperty("spring.application.name");
		if (name == null || name.isBlank()) {
			throw new IllegalStateException("Beacon registration needs a service name: set spring.application.name "
					+ "(or beacon.discovery.service-name)");
		}
		String lowerCase = name.trim().toLowerCase();
		if (!VALID.matcher(lowerCase).matches()) {
			throw new IllegalStateException(property + " '" + name + "' is not a valid Beacon service name: it must "
					+ "match [a-z0-9][a-z0-9-]{0,62} once lower-cased (letters, digits and '-', at most 63)");
		}
		return lowerCase;
	}

}

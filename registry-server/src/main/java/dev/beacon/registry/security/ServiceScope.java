package dev.beacon.registry.security;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The services a token may act on: names, or patterns in which {@code *} stands for any run of
 * characters ({@code orders-*}). No pattern at all means every service.
 */
public final class ServiceScope {

	/** Every service. */
	public static final ServiceScope ALL = new ServiceScope(List.of());

	private static final Pattern VALID = Pattern.compile("[a-z0-9*][a-z0-9*-]{0,62}");

	private final List<String> patterns;

	private final List<Pattern> compiled;

	private ServiceScope(List<String> patterns) {
		this.patterns = List.copyOf(patterns);
		this.compiled = patterns.stream()
			.map((pattern) -> Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")))
			.toList();
	}

	/**
	 * A scope of names and patterns.
	 * @param patterns the names and patterns; none for every service
	 * @param property the property they come from, named when one is not valid
	 * @return the scope
	 * @throws IllegalArgumentException when a pattern could match no service name
	 */
	static ServiceScope of(List<String> patterns, String property) {
		for (String pattern : patterns) {
			if (!VALID.matcher(pattern).matches()) {
				throw new IllegalArgumentException(property + " holds '" + pattern + "', which is neither a service "
						+ "name nor a pattern of one: lower-case letters, digits, '-', and '*' for any run of them");
			}
		}
		return patterns.isEmpty() ? ALL : new ServiceScope(patterns);
	}

	public boolean isAll() {
		return this.patterns.isEmpty();
	}

	/**
	 * Whether the scope holds a service.
	 * @param service the service's name
	 * @return {@code true} when some pattern matches it, or the scope is every service
	 */
	public boolean allows(String service) {
		if (this.compiled.isEmpty()) {
			return true;
		}
		for (Pattern pattern : this.compiled) {
			if (pattern.matcher(service).matches()) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return isAll() ? "*" : String.join(",", this.patterns);
	}

}

package dev.beacon.registry.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Reads a path segment ahead of the WebFlux chain as the chain's path variables would:
 * percent-decoded. A segment the chain would read differently ({@code ;} parameters) or not
 * at all (empty, malformed) is left to the chain.
 */
final class ApiPaths {

	private ApiPaths() {
	}

	/**
	 * One raw segment, decoded.
	 * @param raw the segment as sent
	 * @return its value, or {@code null} when the chain should read it
	 */
	static @Nullable String segment(String raw) {
		if (raw.isEmpty() || raw.indexOf('/') >= 0 || raw.indexOf(';') >= 0) {
			return null;
		}
		if (raw.indexOf('%') < 0) {
			return raw;
		}
		try {
			// '+' is a plain character in a path, not a space as URLDecoder reads it
			String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
			return decoded.isEmpty() ? null : decoded;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}

package dev.beacon.gateway.routing;

import org.jspecify.annotations.Nullable;

/**
 * How a discovery path names its service: {@code /{service}/rest} goes to {@code /rest} on
 * an instance of {@code service}. Plain string work, no pattern or regular expression: it
 * runs on every request.
 */
final class ServicePaths {

	private ServicePaths() {
	}

	/**
	 * The first segment of a raw path.
	 * @param rawPath a path starting with {@code /}
	 * @return its first segment, or {@code null} when it is empty
	 */
	static @Nullable String service(String rawPath) {
		int end = rawPath.indexOf('/', 1);
		String segment = (end < 0) ? rawPath.substring(1) : rawPath.substring(1, end);
		return segment.isEmpty() ? null : segment;
	}

	/**
	 * The path without its first segment, {@code /} at least.
	 * @param rawPath a path starting with {@code /} and its first segment
	 * @param service that first segment
	 * @return what is left of the path
	 */
	static String remaining(String rawPath, String service) {
		String remaining = rawPath.substring(1 + service.length());
		return remaining.isEmpty() ? "/" : remaining;
	}

}

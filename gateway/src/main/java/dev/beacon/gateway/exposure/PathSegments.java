package dev.beacon.gateway.exposure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw request path as the server behind the gateway will understand it: Tomcat, Jetty,
 * Reactor Netty and Spring's path matching all merge repeated slashes, ignore the
 * parameters after a {@code ;} in a segment and decode percent-escapes, so
 * {@code //%61ctuator;x/health} reaches {@code /actuator/health}. Comparing paths segment by
 * segment in that form is what keeps a prefix check from being walked around.
 */
final class PathSegments {

	private PathSegments() {
	}

	/**
	 * The segments of a raw path, each without its {@code ;} parameters and decoded; empty
	 * segments dropped.
	 * @param rawPath a raw (still encoded) path
	 * @return its segments
	 * @throws IllegalArgumentException on a malformed percent-escape
	 */
	static List<String> of(String rawPath) {
		List<String> segments = new ArrayList<>();
		int start = 0;
		while (start <= rawPath.length()) {
			int end = rawPath.indexOf('/', start);
			if (end < 0) {
				end = rawPath.length();
			}
			String segment = canonical(rawPath.substring(start, end));
			if (!segment.isEmpty()) {
				segments.add(segment);
			}
			start = end + 1;
		}
		return segments;
	}

	/**
	 * Whether a path lies under a base path (or is that path), both compared as segments.
	 * @param path the segments of a path
	 * @param base the segments of the base path; empty is the root, under which is everything
	 * @return whether {@code path} starts with every segment of {@code base}
	 */
	static boolean under(List<String> path, List<String> base) {
		return path.size() >= base.size() && path.subList(0, base.size()).equals(base);
	}

	/**
	 * Whether a raw path lies under a base path (or is that path), as {@link #of} would read
	 * it, without splitting it when nothing in it needs decoding: this runs on every proxied
	 * request, whose paths rarely hold an escape, a {@code ;} or an empty segment.
	 * @param rawPath a raw (still encoded) path
	 * @param base the segments of the base path
	 * @return whether {@code rawPath} starts with every segment of {@code base}
	 * @throws IllegalArgumentException on a malformed percent-escape
	 */
	static boolean under(String rawPath, List<String> base) {
		if (rawPath.indexOf('%') >= 0 || rawPath.indexOf(';') >= 0 || rawPath.contains("//")) {
			return under(of(rawPath), base);
		}
		int at = rawPath.startsWith("/") ? 1 : 0;
		for (String segment : base) {
			int end = at + segment.length();
			if (!rawPath.startsWith(segment, at) || (end < rawPath.length() && rawPath.charAt(end) != '/')) {
				return false;
			}
			at = end + 1;
		}
		return true;
	}

	private static String canonical(String segment) {
		int parameters = segment.indexOf(';');
		String name = (parameters < 0) ? segment : segment.substring(0, parameters);
		// '+' is a plain character in a path, not a space as URLDecoder would read it
		return (name.indexOf('%') < 0) ? name
				: URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}

package dev.beacon.gateway.exposure;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which services the public side of the gateway routes to: those whose names match an exposed
 * pattern and no hidden one, and, when metadata is required, whose instances carry it (for
 * example only services whose instances say {@code gateway=public}). Patterns are names in
 * which {@code *} stands for any run of characters. A service that is not exposed is answered
 * {@code 404} as an unknown one is: nothing tells that it exists.
 */
public final class ServiceExposure {

	private final List<Pattern> exposed;

	private final List<Pattern> hidden;

	private final Map<String, String> metadata;

	/** Exposed is {@code *} and nothing is hidden: every name passes without a pattern's match. */
	private final boolean everyName;

	/**
	 * @param exposed name patterns of the services routed to
	 * @param hidden name patterns of services never routed to, whatever else says
	 * @param metadata entries an instance must carry, all of them, for its service to be routed
	 * to; none for no such rule
	 */
	public ServiceExposure(List<String> exposed, List<String> hidden, Map<String, String> metadata) {
		this.exposed = compile(exposed);
		this.hidden = compile(hidden);
		this.metadata = Map.copyOf(metadata);
		this.everyName = exposed.equals(List.of("*")) && hidden.isEmpty();
	}

	private static List<Pattern> compile(List<String> patterns) {
		return patterns.stream().map((pattern) -> Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q")))
			.toList();
	}

	/**
	 * Whether the service's name lets it be routed to.
	 * @param service the name
	 * @return {@code true} when an exposed pattern matches it and no hidden one does
	 */
	public boolean exposesName(String service) {
		return this.everyName || matches(this.exposed, service) && !matches(this.hidden, service);
	}

	/** Whether instances must carry metadata for their service to be routed to. */
	public boolean requiresMetadata() {
		return !this.metadata.isEmpty();
	}

	/**
	 * Whether an instance's metadata carries every required entry.
	 * @param instanceMetadata the instance's metadata
	 * @return {@code true} when it does, or none is required
	 */
	public boolean matches(Map<String, String> instanceMetadata) {
		for (Map.Entry<String, String> required : this.metadata.entrySet()) {
			if (!required.getValue().equals(instanceMetadata.get(required.getKey()))) {
				return false;
			}
		}
		return true;
	}

	private static boolean matches(List<Pattern> patterns, String service) {
		for (Pattern pattern : patterns) {
			if (pattern.matcher(service).matches()) {
				return true;
			}
		}
		return false;
	}

}

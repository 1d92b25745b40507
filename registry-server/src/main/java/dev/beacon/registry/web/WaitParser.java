package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration parameter, such as the {@code wait} of a blocking query: {@code 500ms},
 * {@code 30s}, {@code 5m}, or plain seconds. Longer ones are cut to the configured maximum, as
 * Consul does.
 */
final class WaitParser {

	private static final Pattern WAIT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

	private final String field;

	private final Duration defaultWait;

	private final Duration maxWait;

	WaitParser(Duration defaultWait, Duration maxWait) {
		this("wait", defaultWait, maxWait);
	}

	WaitParser(String field, Duration defaultWait, Duration maxWait) {
		this.field = field;
		this.defaultWait = defaultWait;
		this.maxWait = maxWait;
	}

	Duration parse(@Nullable String wait) {
		if (wait == null) {
			return this.defaultWait;
		}
		Matcher matcher = WAIT.matcher(wait);
		if (!matcher.matches()) {
			throw new InvalidRequestException(this.field, this.field + " must be a duration such as 500ms, 30s or 5m");
		}
		long amount = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
		Duration duration = switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofSeconds(amount);
		};
		return (duration.compareTo(this.maxWait) > 0) ? this.maxWait : duration;
	}

}

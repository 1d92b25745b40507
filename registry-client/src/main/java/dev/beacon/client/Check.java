package dev.beacon.client;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A health check that the registry runs against an instance, on the instance's own host and
 * port: an HTTP {@code GET} of a path (a 2xx answer passes) or a TCP connection (connecting
 * passes). An instance with a check needs no heartbeat while it passes.
 *
 * @param http path of the HTTP check, such as {@code /actuator/health}, or {@code null} for a
 * TCP check
 * @param tcp whether the check only connects
 * @param interval time between two runs
 * @param timeout longest a run may take; longer fails
 * @param deregisterAfter how long the check may fail before the registry removes the instance,
 * or {@code null}: then failing checks no longer keep its lease, which runs out as without
 * heartbeats
 */
public record Check(@Nullable String http, boolean tcp, Duration interval, Duration timeout,
		@Nullable Duration deregisterAfter) {

	private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

	/**
	 * An HTTP check of a path on the instance.
	 * @param path the path, starting with {@code /}
	 * @param interval time between two runs
	 * @param timeout longest a run may take
	 * @return the check
	 */
	public static Check http(String path, Duration interval, Duration timeout) {
		return new Check(path, false, interval, timeout, null);
	}

	/**
	 * A check that connects to the instance's port.
	 * @param interval time between two runs
	 * @param timeout longest a connection may take
	 * @return the check
	 */
	public static Check tcp(Duration interval, Duration timeout) {
		return new Check(null, true, interval, timeout, null);
	}

	/**
	 * This check, removing the instance once it has failed for the given time.
	 * @param failingFor how long the check may fail
	 * @return the check, changed
	 */
	public Check withDeregisterAfter(Duration failingFor) {
		return new Check(this.http, this.tcp, this.interval, this.timeout, failingFor);
	}

	/**
	 * Writes a duration as the API does: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, in
	 * the largest unit that holds it whole, so that equal durations give equal text.
	 * @param duration the duration
	 * @return its text
	 */
	public static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis > 0 && millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis > 0 && millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

	/**
	 * Reads a duration as the API writes it: a whole number and {@code ms}, {@code s},
	 * {@code m} or {@code h}.
	 * @param text the text
	 * @return the duration, or {@code null} when the text is not one
	 */
	public static @Nullable Duration parse(@Nullable String text) {
		if (text == null) {
			return null;
		}
		Matcher matcher = DURATION.matcher(text);
		if (!matcher.matches()) {
			return null;
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofHours(amount);
		};
	}

}

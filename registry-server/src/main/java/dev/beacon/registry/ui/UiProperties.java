package dev.beacon.registry.ui;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web dashboard, under {@code beacon.registry.ui}.
 *
 * @param enabled Whether the registry serves the dashboard at {@code /ui/} and accepts its
 * session cookie
 * @param sessionIdleTimeout Time without a request after which a dashboard session ends
 * @param sessionLifetime Longest a dashboard session lasts, however busy
 * @param signInAttempts Failed sign-ins one address may make per minute on one server, beyond
 * which it is refused {@code 429}
 */
@ConfigurationProperties("beacon.registry.ui")
public record UiProperties(@DefaultValue("true") boolean enabled, @DefaultValue("30m") Duration sessionIdleTimeout,
		@DefaultValue("12h") Duration sessionLifetime, @DefaultValue("10") int signInAttempts) {

	public UiProperties {
		if (sessionIdleTimeout.toSeconds() < 1 || sessionIdleTimeout.compareTo(sessionLifetime) > 0) {
			throw new IllegalArgumentException("beacon.registry.ui.session-idle-timeout must lie between 1s and "
					+ "beacon.registry.ui.session-lifetime");
		}
		if (signInAttempts < 1) {
			throw new IllegalArgumentException("beacon.registry.ui.sign-in-attempts must be at least 1");
		}
	}

}

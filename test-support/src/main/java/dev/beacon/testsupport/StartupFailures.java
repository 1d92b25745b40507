package dev.beacon.testsupport;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check behind "bad configuration fails startup naming the property".
 */
public final class StartupFailures {

	private StartupFailures() {
	}

	/**
	 * Asserts that the context fails to start with the property set to the value, and that the
	 * failure's root cause names the property.
	 * @param runner the context to start
	 * @param property the property's name
	 * @param value the bad value
	 */
	public static void assertFailsNaming(ApplicationContextRunner runner, String property, String value) {
		runner.withPropertyValues(property + "=" + value)
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining(property));
	}

}

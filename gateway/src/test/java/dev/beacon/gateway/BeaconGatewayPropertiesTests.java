package dev.beacon.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defaults as documented, and a startup failure naming the property for a bad value.
 */
class BeaconGatewayPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaults() {
		this.runner.run((context) -> assertThat(context.getBean(BeaconGatewayProperties.class))
			.isEqualTo(new BeaconGatewayProperties(2, Duration.ofSeconds(10), 100, Duration.ofSeconds(1), 0, true,
					DataSize.ofKilobytes(32))));
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		assertStartupFailsNaming("beacon.gateway.retries", "-1");
		assertStartupFailsNaming("beacon.gateway.ejection", "-1s");
		assertStartupFailsNaming("beacon.gateway.warm-load-balancers", "-1");
		assertStartupFailsNaming("beacon.gateway.connect-timeout", "0s");
		assertStartupFailsNaming("beacon.gateway.connect-timeout", "30d");
		assertStartupFailsNaming("beacon.gateway.event-loops", "-1");
		assertStartupFailsNaming("beacon.gateway.buffered-response-limit", "-1B");
		assertStartupFailsNaming("beacon.gateway.buffered-response-limit", "4GB");
	}

	private void assertStartupFailsNaming(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(property));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BeaconGatewayProperties.class)
	static class PropertiesConfiguration {

	}

}

package dev.beacon.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import dev.beacon.testsupport.StartupFailures;

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
			.isEqualTo(new BeaconGatewayProperties(2, Duration.ofSeconds(10), 100, Duration.ofSeconds(1), 0,
					DataSize.ofKilobytes(32), false, new BeaconGatewayProperties.Tuning(true, true, true, true),
					Duration.ofMinutes(5),
					new BeaconGatewayProperties.Exposure(List.of("*"), List.of(), Map.of()))));
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.retries", "-1");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.exposure.services", "orders/*");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.exposure.hidden-services", "a b");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.ejection", "-1s");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.warm-load-balancers", "-1");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.connect-timeout", "0s");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.connect-timeout", "30d");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.event-loops", "-1");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.buffered-response-limit", "-1B");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.buffered-response-limit", "4GB");
		StartupFailures.assertFailsNaming(this.runner, "beacon.gateway.vanished-service-window", "-1s");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(BeaconGatewayProperties.class)
	static class PropertiesConfiguration {

	}

}

package dev.beacon.registry;

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
class RegistryPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void readCacheDefaults() {
		this.runner.run((context) -> assertThat(context.getBean(RegistryProperties.class).readCache())
			.isEqualTo(new RegistryProperties.ReadCache(DataSize.ofMegabytes(16), Duration.ofSeconds(1))));
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		assertStartupFailsNaming("beacon.registry.key-prefix", "a{b}");
		assertStartupFailsNaming("beacon.registry.lease.default-ttl", "2h");
		assertStartupFailsNaming("beacon.registry.reaper.interval", "0s");
		assertStartupFailsNaming("beacon.registry.reaper.batch-size", "0");
		assertStartupFailsNaming("beacon.registry.change-log.max-length", "99");
		assertStartupFailsNaming("beacon.registry.watch.buffer-size", "15");
		assertStartupFailsNaming("beacon.registry.watch.default-wait", "10m");
		assertStartupFailsNaming("beacon.registry.read-cache.max-size", "-1B");
		assertStartupFailsNaming("beacon.registry.read-cache.time-to-live", "0s");
	}

	private void assertStartupFailsNaming(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining(property));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RegistryProperties.class)
	static class PropertiesConfiguration {

	}

}

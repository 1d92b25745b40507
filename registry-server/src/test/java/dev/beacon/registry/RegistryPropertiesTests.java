package dev.beacon.registry;

import java.time.Duration;

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
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.key-prefix", "a{b}");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.lease.default-ttl", "2h");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.reaper.interval", "0s");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.reaper.batch-size", "0");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.reaper.outage-after", "1500ms");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.reaper.max-expiry-share", "0");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.reaper.max-expiry-share", "1.5");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.reaper.expiry-window", "0s");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.change-log.max-length", "99");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.watch.buffer-size", "15");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.watch.default-wait", "10m");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.watch.retry-interval", "0s");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.read-cache.max-size", "-1B");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.read-cache.time-to-live", "0s");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RegistryProperties.class)
	static class PropertiesConfiguration {

	}

}

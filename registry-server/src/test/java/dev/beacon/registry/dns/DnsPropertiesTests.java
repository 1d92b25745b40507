package dev.beacon.registry.dns;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.TestRegistry;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.StartupFailures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The DNS interface's settings: off by default, defaults as documented, a bad value or a port
 * that cannot be bound fails startup naming the property.
 */
class DnsPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class, DnsConfiguration.class);

	@Test
	void offByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(DnsServer.class);
			assertThat(context.getBean(RegistryProperties.class).dns())
				.isEqualTo(new RegistryProperties.Dns(false, 8600, "beacon.", Duration.ZERO));
		});
	}

	@Test
	void theDomainIsReadInLowerCaseWithItsFinalDot() {
		this.runner.withPropertyValues("beacon.registry.dns.domain=Discovery.Example.COM")
			.run((context) -> assertThat(context.getBean(RegistryProperties.class).dns().domain())
				.isEqualTo("discovery.example.com."));
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.dns.port", "0");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.dns.port", "65536");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.dns.domain", "bad_domain");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.dns.domain", "two..dots");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.dns.domain", ".");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.dns.domain", "-dash.beacon");
		StartupFailures.assertFailsNaming(this.runner, "beacon.registry.dns.ttl", "-1s");
	}

	@Test
	void aPortAlreadyTakenFailsStartupNamingTheProperty() throws SocketException {
		int port = FreePorts.next();
		try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
			assertThatException()
				.isThrownBy(() -> TestRegistry.application()
					.run(DnsTestRegistry.arguments(DnsTestRegistry.newPrefix(),
							List.of("beacon.registry.dns.enabled=true", "beacon.registry.dns.port=" + port))))
				.satisfies((failure) -> assertThat(failure).hasStackTraceContaining("beacon.registry.dns.port")
					.hasStackTraceContaining("UDP /127.0.0.1:" + port));
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(RegistryProperties.class)
	static class PropertiesConfiguration {

	}

}

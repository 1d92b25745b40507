package dev.beacon.discovery.it;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.client.Check;
import dev.beacon.client.Instance;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUrls;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * With {@code beacon.discovery.check.enabled}, the registration asks the registry to check the
 * application's health endpoint, and the registry does.
 */
class RegistryCheckIT {

	private RegistryServer registry;

	private ConfigurableApplicationContext greeting;

	@AfterEach
	void stop() {
		if (this.greeting != null) {
			this.greeting.close();
		}
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void registryChecksTheHealthEndpointOfAnApplicationThatAsks() {
		this.registry = new RegistryServer(RedisServers.shared(), "check" + System.nanoTime(), "registry-check").start();
		this.greeting = TestApps.greeting(this.registry.url(), "beacon.discovery.check.enabled=true",
				"beacon.discovery.check.interval=1s", "beacon.discovery.check.timeout=500ms");
		String id = TestApps.instanceId(this.greeting);
		RegistryClient client = RegistryClient.create(new RegistryUrls(List.of(URI.create(this.registry.url()))),
				RegistryServer.TOKEN, Duration.ofSeconds(5));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			Instance registered = client.service("greeting")
				.instances()
				.stream()
				.filter((instance) -> instance.id().equals(id))
				.findFirst()
				.orElseThrow();
			Check check = registered.check();
			assertThat(check).isNotNull();
			assertThat(check.http()).isEqualTo("/actuator/health");
			assertThat(check.interval()).isEqualTo(Duration.ofSeconds(1));
		});
		await().atMost(Duration.ofSeconds(20)).until(() -> healthRequests(this.greeting) >= 2);
	}

	@Test
	void aCheckOfActuatorOnAPortOfItsOwnFailsTheStartNamingThePathProperty() {
		this.registry = new RegistryServer(RedisServers.shared(), "check" + System.nanoTime(), "registry-check").start();
		assertThatException()
			.isThrownBy(() -> this.greeting = TestApps.greeting(this.registry.url(), "beacon.discovery.check.enabled=true",
					"management.server.port=" + FreePorts.next()))
			.havingRootCause()
			.withMessageContaining("beacon.discovery.check.path");
	}

	/** Requests the application's health endpoint answered: the registry's checks. */
	private static long healthRequests(ConfigurableApplicationContext application) {
		return application.getBean(MeterRegistry.class)
			.find("http.server.requests")
			.tag("uri", "/actuator/health")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

}

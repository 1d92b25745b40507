package dev.beacon.discovery.it;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud's own discovery health ({@code discoveryComposite}) reads {@code UP} in an
 * application that discovers without registering, as a gateway does, and not
 * {@code UNKNOWN} ("Discovery Client not initialized").
 */
class DiscoveryHealthIT {

	private RegistryServer registry;

	private ConfigurableApplicationContext greeting;

	private ConfigurableApplicationContext caller;

	@AfterEach
	void stop() {
		this.caller.close();
		this.greeting.close();
		this.registry.close();
	}

	@Test
	void applicationThatDoesNotRegisterReportsDiscoveryUp() {
		this.registry = new RegistryServer(RedisServers.shared(), "discohealth" + System.nanoTime(),
				"registry-discovery-health").start();
		this.greeting = TestApps.greeting(this.registry.url());
		this.caller = TestApps.caller(this.registry.url(), "beacon.discovery.register=false");

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(status(this.caller, "discoveryComposite")).isEqualTo(Status.UP));
		// the registering application says so too, from its own registration
		assertThat(status(this.greeting, "discoveryComposite")).isEqualTo(Status.UP);
	}

	private static Status status(ConfigurableApplicationContext app, String component) {
		HealthDescriptor health = app.getBean(HealthEndpoint.class).healthForPath(component);
		return (health != null) ? health.getStatus() : Status.UNKNOWN;
	}

}

package dev.beacon.discovery.it;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose health goes {@code DOWN} reports it with its next heartbeat and stops
 * being offered to others; when it recovers, it is offered again.
 */
class HealthDownIT {

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
	void instanceWhoseHealthGoesDownStopsBeingOffered() {
		this.registry = new RegistryServer(RedisServers.shared(), "health" + System.nanoTime(), "registry-health")
			.start();
		this.greeting = TestApps.greeting(this.registry.url());
		this.caller = TestApps.caller(this.registry.url(), "beacon.discovery.register=false");
		String greetingId = TestApps.instanceId(this.greeting);
		await().atMost(Duration.ofSeconds(10)).until(() -> offered(this.caller).equals(java.util.List.of(greetingId)));

		this.greeting.getBean(TestApps.SwitchableHealth.class).set(Status.DOWN);
		await().atMost(Duration.ofSeconds(10)).until(() -> offered(this.caller).isEmpty());
		assertThat(this.greeting.getBean(DiscoveryClient.class).getInstances("greeting")).isEmpty();

		this.greeting.getBean(TestApps.SwitchableHealth.class).set(Status.UP);
		await().atMost(Duration.ofSeconds(10)).until(() -> offered(this.caller).equals(java.util.List.of(greetingId)));
	}

	private static java.util.List<String> offered(ConfigurableApplicationContext app) {
		return app.getBean(DiscoveryClient.class).getInstances("greeting").stream()
			.map((instance) -> instance.getInstanceId())
			.toList();
	}

}

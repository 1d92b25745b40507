package dev.beacon.discovery.it;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.RedisServers;
import dev.beacon.testsupport.RegistryEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application whose health goes {@code DOWN} reports it with its next heartbeat and stops
 * being offered to others; when it recovers, it is offered again.
 */
class HealthDownIT {

	private final String prefix = "health" + System.nanoTime();

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
		this.registry = new RegistryServer(RedisServers.shared(), this.prefix, "registry-health").start();
		this.greeting = TestApps.greeting(this.registry.url());
		this.caller = TestApps.caller(this.registry.url(), "beacon.discovery.register=false");
		String greetingId = TestApps.instanceId(this.greeting);
		await().atMost(Duration.ofSeconds(10)).until(() -> offered(this.caller).equals(List.of(greetingId)));
		// it registered as STARTING and turned UP only once ready for traffic
		assertThat(statusHistory(greetingId)).startsWith("register STARTING", "status UP");

		this.greeting.getBean(TestApps.SwitchableHealth.class).set(Status.DOWN);
		await().atMost(Duration.ofSeconds(10)).until(() -> offered(this.caller).isEmpty());
		// the instance's own catalog hears of it through its own change stream, on its own time
		await().atMost(Duration.ofSeconds(10)).until(() -> offered(this.greeting).isEmpty());

		this.greeting.getBean(TestApps.SwitchableHealth.class).set(Status.UP);
		await().atMost(Duration.ofSeconds(10)).until(() -> offered(this.caller).equals(List.of(greetingId)));
	}

	private List<String> statusHistory(String instanceId) {
		return RegistryEvents.read(RedisServers.shared(), this.prefix)
			.stream()
			.filter((event) -> instanceId.equals(event.get("id")))
			.map((event) -> event.get("type") + " " + event.get("status"))
			.toList();
	}

	private static List<String> offered(ConfigurableApplicationContext app) {
		return app.getBean(DiscoveryClient.class).getInstances("greeting").stream()
			.map((instance) -> instance.getInstanceId())
			.toList();
	}

}

package dev.beacon.discovery.it;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that starts while no registry answers starts anyway, keeps retrying, and
 * registers as soon as a registry is there.
 */
class LateRegistryIT {

	private RegistryServer registry;

	private ConfigurableApplicationContext greeting;

	@AfterEach
	void stop() {
		if (this.greeting != null) {
			this.greeting.close();
		}
		this.registry.close();
	}

	@Test
	void applicationStartsWithoutRegistryAndRegistersWhenOneAppears() {
		this.registry = new RegistryServer(RedisServers.shared(), "late" + System.nanoTime(), "registry-late");
		this.greeting = TestApps.greeting(this.registry.url());
		assertThat(this.greeting.isActive()).isTrue();
		String id = TestApps.instanceId(this.greeting);

		this.registry.start();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestApps.registeredIds(this.registry.url(), "greeting").contains(id));
	}

}

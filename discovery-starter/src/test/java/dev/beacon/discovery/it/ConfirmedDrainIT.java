package dev.beacon.discovery.it;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.discovery.registration.DrainEndpoint;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stopping instance leaves as soon as the registry confirms that every watcher heard of its
 * removal, not after a fixed drain; and the drain endpoint does the same for a platform that
 * stops processes from outside.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfirmedDrainIT {

	private RegistryServer registry;

	private ConfigurableApplicationContext greeting;

	private ConfigurableApplicationContext caller;

	@AfterEach
	void stop() {
		if (this.caller != null) {
			this.caller.close();
		}
		if (this.greeting != null) {
			this.greeting.close();
		}
		this.registry.close();
	}

	@Test
	void shutdownDeregistersAndSaysWhoHeardOfIt(CapturedOutput output) {
		this.registry = new RegistryServer(RedisServers.shared(), "drain" + System.nanoTime(), "registry-drain").start();
		this.greeting = TestApps.greeting(this.registry.url());
		this.caller = TestApps.caller(this.registry.url());
		String id = TestApps.instanceId(this.greeting);
		await().atMost(Duration.ofSeconds(20)).until(() -> TestApps.callGreeting(this.caller).contains(id));

		this.greeting.close();
		this.greeting = null;

		assertThat(output.getAll()).containsPattern("Deregistered .*" + id + ".*; reached \\d+ watcher\\(s\\) on 1 "
				+ "registry server\\(s\\) in \\d+ ms");
		assertThat(TestApps.registeredIds(this.registry.url(), "greeting")).doesNotContain(id);
	}

	@Test
	void withoutConfirmationTheWholeDrainIsWaitedOut(CapturedOutput output) {
		this.registry = new RegistryServer(RedisServers.shared(), "drain" + System.nanoTime(), "registry-drain").start();
		this.greeting = TestApps.greeting(this.registry.url(), "beacon.discovery.confirm-drain=false");
		String id = TestApps.instanceId(this.greeting);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestApps.registeredIds(this.registry.url(), "greeting").contains(id));

		long closing = System.nanoTime();
		this.greeting.close();
		Duration closed = Duration.ofNanos(System.nanoTime() - closing);
		this.greeting = null;

		assertThat(output.getAll()).contains("Deregistered ").doesNotContainPattern("reached \\d+ watcher");
		assertThat(closed).isGreaterThanOrEqualTo(TestApps.DRAIN);
		assertThat(TestApps.registeredIds(this.registry.url(), "greeting")).doesNotContain(id);
	}

	@Test
	void drainEndpointAnswersOnceItIsSafeToStop() {
		this.registry = new RegistryServer(RedisServers.shared(), "drain" + System.nanoTime(), "registry-drain").start();
		this.greeting = TestApps.greeting(this.registry.url(), "management.endpoints.web.exposure.include=health,drain");
		String id = TestApps.instanceId(this.greeting);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> TestApps.registeredIds(this.registry.url(), "greeting").contains(id));

		Map<String, Object> answer = this.greeting.getBean(DrainEndpoint.class).drain();

		assertThat(answer).containsEntry("deregistered", true).containsEntry("delivered", true);
		assertThat(TestApps.registeredIds(this.registry.url(), "greeting")).doesNotContain(id);
	}

}

package dev.beacon.discovery.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the registry server a client watches goes away, the client keeps serving the instances
 * it knew (and says they are stale); when the server comes back, the client resumes where it
 * stopped and catches up with what changed meanwhile, here through a second registry server.
 */
class RegistryOutageIT {

	private RegistryServer watched;

	private RegistryServer other;

	private ConfigurableApplicationContext greeting;

	private ConfigurableApplicationContext lateGreeting;

	private ConfigurableApplicationContext caller;

	@AfterEach
	void stop() {
		for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] { this.caller,
				this.lateGreeting, this.greeting }) {
			if (app != null) {
				app.close();
			}
		}
		this.watched.close();
		this.other.close();
	}

	@Test
	void callerKeepsReachingKnownInstancesAndCatchesUpWhenTheRegistryReturns() {
		String prefix = "outage" + System.nanoTime();
		this.watched = new RegistryServer(RedisServers.shared(), prefix, "registry-watched").start();
		this.other = new RegistryServer(RedisServers.shared(), prefix, "registry-other").start();
		this.greeting = TestApps.greeting(this.other.url());
		this.caller = TestApps.caller(this.watched.url(), "beacon.discovery.register=false");
		String greetingId = TestApps.instanceId(this.greeting);
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
			.untilAsserted(() -> assertThat(TestApps.callGreeting(this.caller)).isEqualTo(greetingId));

		this.watched.kill();
		await().atMost(Duration.ofSeconds(10)).until(() -> discoveryDetails(this.caller).get("stale").equals(true));
		assertThat(discoveryDetails(this.caller)).containsKey("staleSince");
		for (int i = 0; i < 20; i++) {
			assertThat(TestApps.callGreeting(this.caller)).isEqualTo(greetingId);
		}

		this.lateGreeting = TestApps.greeting(this.other.url());
		String lateId = TestApps.instanceId(this.lateGreeting);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestApps.registeredIds(this.other.url(), "greeting").contains(lateId));
		assertThat(instanceIds(this.caller)).containsExactly(greetingId);

		this.watched.start();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(instanceIds(this.caller)).containsExactlyInAnyOrder(greetingId, lateId));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(discoveryDetails(this.caller)).containsEntry("stale", false)
				.doesNotContainKey("staleSince"));
	}

	@Test
	void clientThatMovedToAQuietRegistryReportsConnectedAtOnce() {
		String prefix = "quiet" + System.nanoTime();
		this.watched = new RegistryServer(RedisServers.shared(), prefix, "registry-first").start();
		this.other = new RegistryServer(RedisServers.shared(), prefix, "registry-quiet").start();
		this.greeting = TestApps.greeting(this.other.url());
		this.caller = TestApps.caller(this.watched.url() + "," + this.other.url(), "beacon.discovery.register=false");
		String greetingId = TestApps.instanceId(this.greeting);
		await().atMost(Duration.ofSeconds(20)).until(() -> instanceIds(this.caller).contains(greetingId));
		await().atMost(Duration.ofSeconds(10)).until(() -> discoveryDetails(this.caller).get("watch").equals("connected"));

		this.watched.kill();

		// nothing changes in the platform: the second registry has no event to send, the stream
		// resumed there is open all the same, long before any keep-alive
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(discoveryDetails(this.caller)).containsEntry("watch", "connected")
				.containsEntry("registry", this.other.url())
				.containsEntry("stale", false));
		assertThat(instanceIds(this.caller)).containsExactly(greetingId);
	}

	private static List<String> instanceIds(ConfigurableApplicationContext app) {
		return app.getBean(DiscoveryClient.class).getInstances("greeting").stream()
			.map((instance) -> instance.getInstanceId())
			.toList();
	}

	private static Map<String, Object> discoveryDetails(ConfigurableApplicationContext app) {
		IndicatedHealthDescriptor health = (IndicatedHealthDescriptor) app.getBean(HealthEndpoint.class)
			.healthForPath("beaconDiscovery");
		return health.getDetails();
	}

}

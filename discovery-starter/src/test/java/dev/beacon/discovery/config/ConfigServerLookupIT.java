package dev.beacon.discovery.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;

import dev.beacon.client.InstanceStatus;
import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryRejectedException;
import dev.beacon.client.RegistryUrls;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.RegistryProcess;

import static dev.beacon.discovery.config.Lookups.enabled;
import static dev.beacon.discovery.config.Lookups.lookup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The config server lookup against a real registry: the instances it offers, with the metadata
 * the config client reads, through several registry URLs and with the token.
 */
class ConfigServerLookupIT {

	private static final Map<String, String> CONFIG_METADATA = Map.of("configPath", "/config", "user", "reader",
			"password", "secret");

	private static final String TOKEN = "config-lookup-token";

	private static RegistryProcess registry;

	@BeforeAll
	static void start() {
		registry = RegistryProcess.start(Path.of(System.getProperty("registry.jar")), TOKEN, Duration.ofSeconds(60));
		RegistryClient client = RegistryClient.create(new RegistryUrls(List.of(URI.create(registry.url()))),
				TOKEN, Duration.ofSeconds(5));
		register(client, 9001, InstanceStatus.UP);
		register(client, 9002, InstanceStatus.STARTING);
		register(client, 9003, InstanceStatus.DOWN);
	}

	@AfterAll
	static void stop() {
		if (registry != null) {
			registry.close();
		}
	}

	@Test
	void answersTheUpInstancesWithTheirMetadata() {
		List<ServiceInstance> instances = lookup(enabled(registry.url(), "beacon.discovery.token", TOKEN))
			.apply("configserver");

		assertThat(instances).singleElement().satisfies((instance) -> {
			assertThat(instance.getServiceId()).isEqualTo("configserver");
			assertThat(instance.getUri()).isEqualTo(URI.create("http://127.0.0.1:9001"));
			assertThat(instance.getMetadata()).containsAllEntriesOf(CONFIG_METADATA);
		});
	}

	@Test
	void answersEveryInstanceWhenNotOnlyUp() {
		List<ServiceInstance> instances = lookup(enabled(registry.url(), "beacon.discovery.token", TOKEN,
				"beacon.discovery.only-up", "false"))
			.apply("configserver");

		assertThat(instances).extracting(ServiceInstance::getPort).containsExactlyInAnyOrder(9001, 9002, 9003);
	}

	@Test
	void movesOnToTheNextRegistry() {
		String urls = "http://127.0.0.1:" + FreePorts.next() + "," + registry.url();

		assertThat(lookup(enabled(urls, "beacon.discovery.token", TOKEN)).apply("configserver"))
			.hasSize(1);
	}

	@Test
	void answersNoInstanceOfAnUnknownService() {
		assertThat(lookup(enabled(registry.url(), "beacon.discovery.token", TOKEN)).apply("nobody"))
			.isEmpty();
	}

	@Test
	void failsWhenTheRegistryRefusesTheToken() {
		assertThatExceptionOfType(RegistryRejectedException.class)
			.isThrownBy(() -> lookup(enabled(registry.url(), "beacon.discovery.token", "wrong")).apply("configserver"))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(401));
	}

	private static void register(RegistryClient client, int port, InstanceStatus status) {
		client.register("configserver", "configserver:127.0.0.1:" + port,
				new Registration("127.0.0.1", port, false, status, null, 1, CONFIG_METADATA, 60));
	}

}

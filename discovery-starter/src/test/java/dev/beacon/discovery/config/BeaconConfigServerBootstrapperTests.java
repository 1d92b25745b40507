package dev.beacon.discovery.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.cloud.config.client.ConfigServerConfigDataLocationResolver.PropertyResolver;
import org.springframework.cloud.config.client.ConfigServerInstanceProvider;

import dev.beacon.client.RegistryUnavailableException;
import dev.beacon.testsupport.FreePorts;

import static dev.beacon.discovery.config.Lookups.CONFIG_DISCOVERY;
import static dev.beacon.discovery.config.Lookups.REGISTRY_URL;
import static dev.beacon.discovery.config.Lookups.binder;
import static dev.beacon.discovery.config.Lookups.context;
import static dev.beacon.discovery.config.Lookups.enabled;
import static dev.beacon.discovery.config.Lookups.lookup;
import static dev.beacon.discovery.config.Lookups.lookupIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The config server lookup that Beacon registers for the config client: when it is on, where it
 * reads its properties, and how it fails. Nothing answers at {@link #NOBODY}, so a lookup that
 * reaches for the registry fails there.
 */
class BeaconConfigServerBootstrapperTests {

	private static final String NOBODY = "http://127.0.0.1:" + FreePorts.next();

	@Test
	void answersNoInstanceWithoutConfigDiscovery() {
		assertThat(lookup(Map.of(REGISTRY_URL, NOBODY)).apply("configserver")).isEmpty();
		assertThat(lookup(Map.of(CONFIG_DISCOVERY, "false", REGISTRY_URL, NOBODY)).apply("configserver")).isEmpty();
	}

	@Test
	void answersNoInstanceWhenSpringCloudDiscoveryIsOff() {
		assertThat(lookup(enabled(NOBODY, "spring.cloud.discovery.enabled", "false")).apply("configserver")).isEmpty();
	}

	@Test
	void answersNoInstanceWhenBeaconIsOff() {
		assertThat(lookup(enabled(NOBODY, "beacon.discovery.enabled", "false")).apply("configserver")).isEmpty();
	}

	@Test
	void failsWhenNoRegistryAnswers() {
		ConfigServerInstanceProvider.Function lookup = lookup(
				enabled(NOBODY + ",http://127.0.0.1:" + FreePorts.next()));

		assertThatExceptionOfType(RegistryUnavailableException.class).isThrownBy(() -> lookup.apply("configserver"))
			.withMessageContaining("GET /v1/services/configserver")
			.withMessageContaining("tried 2");
	}

	@Test
	void failsWhenTheRegistryDoesNotAnswerWithinTheRequestTimeout() throws IOException {
		// connections are accepted by the backlog, and never answered
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			ConfigServerInstanceProvider.Function lookup = lookup(enabled(
					"http://127.0.0.1:" + silent.getLocalPort(), "beacon.discovery.request-timeout", "200ms"));
			long start = System.nanoTime();

			assertThatExceptionOfType(RegistryUnavailableException.class).isThrownBy(() -> lookup.apply("configserver"));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		}
	}

	@Test
	void failsNamingThePropertyWhenNoRegistryIsConfigured() {
		assertThatIllegalStateException().isThrownBy(() -> lookup(enabled(" ")).apply("configserver"))
			.withMessageContaining(REGISTRY_URL);
	}

	@Test
	void readsThePropertiesTheConfigClientResolverSees() {
		// Boot's bootstrap binder may have been made before application.properties was read
		DefaultBootstrapContext context = context(Map.of());
		context.register(PropertyResolver.class,
				InstanceSupplier.of(new PropertyResolver(binder(enabled(NOBODY)), null)));

		assertThatExceptionOfType(RegistryUnavailableException.class)
			.isThrownBy(() -> lookupIn(context).apply("configserver"));
	}

	@Test
	void leavesALookupRegisteredBeforeInPlace() {
		DefaultBootstrapContext context = context(enabled(NOBODY));
		ConfigServerInstanceProvider.Function other = (serviceId) -> List.of();
		context.register(ConfigServerInstanceProvider.Function.class, InstanceSupplier.of(other));

		assertThat(lookupIn(context)).isSameAs(other);
	}

	@Test
	void doesNothingWithoutTheConfigClient() throws Exception {
		// this package loaded by a class loader of its own, which cannot see the config client
		URL classes = BeaconConfigServerBootstrapper.class.getProtectionDomain().getCodeSource().getLocation();
		FilteredClassLoader parent = new FilteredClassLoader("org.springframework.cloud.config.client",
				BeaconConfigServerBootstrapper.class.getPackageName());
		try (URLClassLoader withoutConfigClient = new URLClassLoader(new URL[] { classes }, parent)) {
			BootstrapRegistryInitializer initializer = (BootstrapRegistryInitializer) withoutConfigClient
				.loadClass(BeaconConfigServerBootstrapper.class.getName())
				.getConstructor()
				.newInstance();
			DefaultBootstrapContext context = context(enabled(NOBODY));

			initializer.initialize(context);

			assertThat(context.isRegistered(ConfigServerInstanceProvider.Function.class)).isFalse();
		}
	}

}

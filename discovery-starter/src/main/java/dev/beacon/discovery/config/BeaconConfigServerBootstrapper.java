package dev.beacon.discovery.config;

import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.bootstrap.BootstrapRegistryInitializer;
import org.springframework.util.ClassUtils;

/**
 * Lets Spring Cloud Config's client find the config server through Beacon
 * ({@code spring.cloud.config.discovery.enabled=true}). The config client looks for the server
 * while Boot prepares the environment, before any bean exists, and takes the lookup from the
 * bootstrap registry: this registers Beacon's. Without the config client on the classpath it
 * does nothing.
 */
public final class BeaconConfigServerBootstrapper implements BootstrapRegistryInitializer {

	private static final String CONFIG_CLIENT = "org.springframework.cloud.config.client.ConfigServerInstanceProvider";

	@Override
	public void initialize(BootstrapRegistry registry) {
		// asks the class loader that would link the config client's types for this class; the
		// types themselves are only touched by the class below, loaded after this check
		if (ClassUtils.isPresent(CONFIG_CLIENT, BeaconConfigServerBootstrapper.class.getClassLoader())) {
			BeaconConfigServerInstanceProvider.register(registry);
		}
	}

}

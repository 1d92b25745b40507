package dev.beacon.discovery.config;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.cloud.config.client.ConfigServerInstanceProvider;

/**
 * The config server lookup as the config client gets it: from a bootstrap context that Beacon's
 * initializer registered it in, reading the properties given.
 */
final class Lookups {

	static final String CONFIG_DISCOVERY = "spring.cloud.config.discovery.enabled";

	static final String REGISTRY_URL = "beacon.discovery.registry-url";

	private Lookups() {
	}

	static ConfigServerInstanceProvider.Function lookup(Map<String, String> properties) {
		return lookupIn(context(properties));
	}

	static ConfigServerInstanceProvider.Function lookupIn(DefaultBootstrapContext context) {
		new BeaconConfigServerBootstrapper().initialize(context);
		return context.get(ConfigServerInstanceProvider.Function.class);
	}

	/** A bootstrap context whose binder, as Boot registers one, reads the properties given. */
	static DefaultBootstrapContext context(Map<String, String> properties) {
		DefaultBootstrapContext context = new DefaultBootstrapContext();
		context.register(Binder.class, InstanceSupplier.of(binder(properties)));
		return context;
	}

	static Binder binder(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties));
	}

	/** Config discovery on, with the registry URLs and the other properties given. */
	static Map<String, String> enabled(String registryUrls, String... keysAndValues) {
		Map<String, String> properties = new HashMap<>(Map.of(CONFIG_DISCOVERY, "true", REGISTRY_URL, registryUrls));
		for (int i = 0; i < keysAndValues.length; i += 2) {
			properties.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return properties;
	}

}

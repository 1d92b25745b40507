package dev.beacon.discovery.config;

import java.util.Arrays;
import java.util.List;


import org.springframework.boot.bootstrap.BootstrapContext;
import org.springframework.boot.bootstrap.BootstrapRegistry;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.config.client.ConfigClientProperties;
import org.springframework.cloud.config.client.ConfigServerConfigDataLocationResolver.PropertyResolver;
import org.springframework.cloud.config.client.ConfigServerInstanceProvider;

import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUrls;
import dev.beacon.discovery.BeaconDiscoveryProperties;
import dev.beacon.discovery.RegistryUrlProperty;
import dev.beacon.discovery.catalog.BeaconServiceInstance;

/**
 * The config server's instances, read from the registry at each call: when the config client
 * asks, the catalog that discovery answers from later does not exist yet. Switched off, it
 * answers no instance; a registry that cannot be read throws. Either way the config client
 * applies its own rules: a warning, or with {@code fail-fast} its retries and then a failed
 * start-up.
 */
final class BeaconConfigServerInstanceProvider implements ConfigServerInstanceProvider.Function {

	private static final ConfigServerInstanceProvider.Function NONE = (serviceId) -> List.of();

	private final RegistryClient client;

	private final boolean onlyUp;

	BeaconConfigServerInstanceProvider(RegistryClient client, boolean onlyUp) {
		this.client = client;
		this.onlyUp = onlyUp;
	}

	static void register(BootstrapRegistry registry) {
		registry.registerIfAbsent(ConfigServerInstanceProvider.Function.class,
				BeaconConfigServerInstanceProvider::create);
	}

	static ConfigServerInstanceProvider.Function create(BootstrapContext context) {
		// the config client's resolver registers the binder it reads, which sees the
		// application's own files; Boot's bootstrap binder may predate them
		PropertyResolver properties = context.getOrElseSupply(PropertyResolver.class,
				() -> new PropertyResolver(context.get(Binder.class), context.getOrElse(BindHandler.class, null)));
		if (!properties.get(ConfigClientProperties.CONFIG_DISCOVERY_ENABLED, Boolean.class, false)
				|| !properties.get("spring.cloud.discovery.enabled", Boolean.class, true)
				|| !properties.get("beacon.discovery.enabled", Boolean.class, true)) {
			return NONE;
		}
		if (!RegistryUrlProperty.isSet(Arrays.asList(properties.get(RegistryUrlProperty.NAME, String[].class,
				new String[0])))) {
			return (serviceId) -> {
				throw new IllegalStateException("Cannot look up " + serviceId + " in Beacon: "
						+ RegistryUrlProperty.NAME + " names no registry");
			};
		}
		BeaconDiscoveryProperties beacon = properties.resolveOrCreateConfigurationProperties("beacon.discovery",
				BeaconDiscoveryProperties.class);
		RegistryClient client = RegistryClient.create(new RegistryUrls(beacon.registryUrl()), beacon.token(),
				beacon.requestTimeout());
		return new BeaconConfigServerInstanceProvider(client, beacon.onlyUp());
	}

	@Override
	public List<ServiceInstance> apply(String serviceId) {
		return BeaconServiceInstance.offered(this.client.service(serviceId), this.onlyUp);
	}

}

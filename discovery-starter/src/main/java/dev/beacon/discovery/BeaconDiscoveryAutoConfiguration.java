package dev.beacon.discovery;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUrls;

/**
 * What registration and discovery share: the settings, the registry client and the scheduler
 * that heartbeats, reconnections and drains run on.
 */
@AutoConfiguration
@ConditionalOnBeaconDiscoveryEnabled
@EnableConfigurationProperties(BeaconDiscoveryProperties.class)
public final class BeaconDiscoveryAutoConfiguration {

	/** Name of the scheduler bean; define a {@code ThreadPoolTaskScheduler} with this name to replace it. */
	public static final String SCHEDULER = "beaconTaskScheduler";

	@Bean
	@ConditionalOnMissingBean
	RegistryClient beaconRegistryClient(BeaconDiscoveryProperties properties, ObjectProvider<SslBundles> sslBundles) {
		return RegistryClient.create(new RegistryUrls(properties.registryUrl()), properties.token(),
				properties.requestTimeout(), tls(properties.ssl().bundle(), sslBundles));
	}

	private static @Nullable SSLContext tls(@Nullable String bundle, ObjectProvider<SslBundles> sslBundles) {
		if (bundle == null || bundle.isBlank()) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException("beacon.discovery.ssl.bundle names '" + bundle
					+ "', but the application has no SSL bundles (spring.ssl.bundle.*)");
		}
		try {
			return bundles.getBundle(bundle).createSslContext();
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException("beacon.discovery.ssl.bundle names '" + bundle
					+ "', which no spring.ssl.bundle.* property defines", ex);
		}
	}

	@Bean(name = SCHEDULER)
	@ConditionalOnMissingBean(name = SCHEDULER)
	ThreadPoolTaskScheduler beaconTaskScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(2);
		scheduler.setThreadNamePrefix("beacon-");
		scheduler.setDaemon(true);
		// heartbeats and the drain run while the context closes
		scheduler.setAcceptTasksAfterContextClose(true);
		scheduler.setPhase(Integer.MIN_VALUE);
		return scheduler;
	}

}

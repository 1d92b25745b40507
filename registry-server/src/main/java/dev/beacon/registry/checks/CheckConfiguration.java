package dev.beacon.registry.checks;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import dev.beacon.client.WireCodec;
import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.checks.CheckStore.StatusRules;
import dev.beacon.registry.store.RedisKeys;

@Configuration(proxyBeanMethods = false)
class CheckConfiguration {

	@Bean
	RedisCheckStore checkStore(ReactiveStringRedisTemplate redis, RedisKeys keys, RegistryProperties properties,
			WireCodec wireCodec) {
		// a removal appends to the change log: each partition's stream keeps its share of it
		long perPartition = (properties.changeLog().maxLength() + keys.partitions() - 1) / keys.partitions();
		return new RedisCheckStore(redis, keys, perPartition, wireCodec);
	}

	/** Checks run on the HTTP server's event loops, as the DNS interface does: no threads of their own. */
	@Bean
	CheckRunner checkRunner(CheckStore store, ReactorResourceFactory resources, RegistryProperties properties,
			MeterRegistry meterRegistry, ObjectProvider<SslBundles> sslBundles) {
		RegistryProperties.Checks checks = properties.checks();
		return new CheckRunner(store, new CheckProbe(resources.getLoopResources(), tls(checks.sslBundle(), sslBundles)),
				new StatusRules(checks.failuresBeforeDown(), checks.passesBeforeUp()), checks.maxConcurrency(),
				new CheckMetrics(meterRegistry));
	}

	/**
	 * The TLS of HTTPS checks, from the SSL bundle configured for them; a bundle that does not
	 * exist fails the start, naming the property.
	 */
	private static @Nullable SslBundle tls(@Nullable String bundle, ObjectProvider<SslBundles> sslBundles) {
		if (bundle == null || bundle.isBlank()) {
			return null;
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		try {
			if (bundles != null) {
				return bundles.getBundle(bundle);
			}
		}
		catch (NoSuchSslBundleException ex) {
			// answered below, as when there are no bundles at all
		}
		throw new IllegalStateException("beacon.registry.checks.ssl-bundle names '" + bundle
				+ "', which no spring.ssl.bundle.* property defines");
	}

	/** Looks for due checks on the application's task scheduler, unless this server runs none. */
	@Bean
	SchedulingConfigurer checkSchedule(CheckRunner runner, RegistryProperties properties) {
		return (registrar) -> {
			if (properties.checks().enabled()) {
				registrar.addFixedDelayTask(runner::runDue, properties.checks().pollInterval());
			}
		};
	}

}

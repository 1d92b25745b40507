package dev.beacon.registry.checks;

import io.micrometer.core.instrument.MeterRegistry;

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
			MeterRegistry meterRegistry) {
		RegistryProperties.Checks checks = properties.checks();
		return new CheckRunner(store, new CheckProbe(resources.getLoopResources()),
				new StatusRules(checks.failuresBeforeDown(), checks.passesBeforeUp()), checks.maxConcurrency(),
				new CheckMetrics(meterRegistry));
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

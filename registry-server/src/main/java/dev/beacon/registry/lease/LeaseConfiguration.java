package dev.beacon.registry.lease;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.InstanceStore.ExpiryRules;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class LeaseConfiguration {

	@Bean
	LeaseReaper leaseReaper(InstanceStore store, RegistryProperties properties, RegistryMetrics metrics) {
		RegistryProperties.Reaper reaper = properties.reaper();
		return new LeaseReaper(store, reaper.batchSize(),
				new ExpiryRules(reaper.outageAfter(), reaper.maxExpiryShare(), reaper.expiryWindow()), metrics);
	}

	/**
	 * Starts the reaper on the application's task scheduler, then again each time the
	 * interval has passed since the previous start returned.
	 */
	@Bean
	SchedulingConfigurer leaseReaperSchedule(LeaseReaper reaper, RegistryProperties properties) {
		return (registrar) -> registrar.addFixedDelayTask(reaper::reap, properties.reaper().interval());
	}

}

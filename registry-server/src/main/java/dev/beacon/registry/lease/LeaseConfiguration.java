package dev.beacon.registry.lease;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.InstanceStore;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class LeaseConfiguration implements SchedulingConfigurer {

	private final LeaseReaper reaper;

	private final RegistryProperties properties;

	LeaseConfiguration(InstanceStore store, RegistryProperties properties, RegistryMetrics metrics) {
		this.reaper = new LeaseReaper(store, properties.reaper().batchSize(), metrics);
		this.properties = properties;
	}

	@Bean
	LeaseReaper leaseReaper() {
		return this.reaper;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this.reaper::reap, this.properties.reaper().interval());
	}

}

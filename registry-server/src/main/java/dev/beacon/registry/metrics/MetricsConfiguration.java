package dev.beacon.registry.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import dev.beacon.registry.feed.ChangeFeed;
import dev.beacon.registry.store.InstanceStore;

@Configuration(proxyBeanMethods = false)
class MetricsConfiguration implements SchedulingConfigurer {

	private static final Duration INSTANCE_COUNT_REFRESH = Duration.ofSeconds(10);

	private final InstanceCountGauges instanceCounts;

	MetricsConfiguration(InstanceStore store, MeterRegistry registry) {
		this.instanceCounts = new InstanceCountGauges(store, registry);
	}

	@Bean
	static RegistryMetrics registryMetrics(MeterRegistry registry) {
		return new RegistryMetrics(registry);
	}

	@Bean
	InitializingBean watcherGauge(ChangeFeed feed, MeterRegistry registry) {
		return () -> Gauge.builder("beacon.registry.watchers", feed, ChangeFeed::watcherCount)
			.description("Open watch streams and blocking queries on this server")
			.register(registry);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this.instanceCounts::refresh, INSTANCE_COUNT_REFRESH);
	}

}

package dev.beacon.registry.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import dev.beacon.registry.feed.ChangeFeed;
import dev.beacon.registry.store.InstanceStore;

@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	private static final Duration INSTANCE_COUNT_REFRESH = Duration.ofSeconds(10);

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

	@Bean
	InstanceCountGauges instanceCountGauges(InstanceStore store, MeterRegistry registry) {
		return new InstanceCountGauges(store, registry);
	}

	@Bean
	SchedulingConfigurer instanceCountRefresh(InstanceCountGauges instanceCounts) {
		return (registrar) -> registrar.addFixedDelayTask(instanceCounts::refresh, INSTANCE_COUNT_REFRESH);
	}

}

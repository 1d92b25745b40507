package dev.beacon.registry.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.ServiceSummary;

/**
 * Gauges of registered and {@code UP} instances per service. The counts live in Redis, so a
 * scheduled refresh reads them rather than each server counting what it saw.
 */
public class InstanceCountGauges {

	private static final Log logger = LogFactory.getLog(InstanceCountGauges.class);

	private final InstanceStore store;

	private final MultiGauge instances;

	private final MultiGauge upInstances;

	public InstanceCountGauges(InstanceStore store, MeterRegistry registry) {
		this.store = store;
		this.instances = MultiGauge.builder("beacon.registry.instances")
			.description("Registered instances per service")
			.register(registry);
		this.upInstances = MultiGauge.builder("beacon.registry.instances.up")
			.description("Instances per service whose status is UP")
			.register(registry);
	}

	public void refresh() {
		this.store.services().collectList().doOnNext(this::update).doOnError((ex) -> {
			if (logger.isDebugEnabled()) {
				logger.debug("Instance counts not refreshed: " + ex.getMessage());
			}
		}).onErrorComplete().subscribe();
	}

	private void update(List<ServiceSummary> services) {
		this.instances.register(services.stream()
			.map((summary) -> Row.of(Tags.of("service", summary.service()), summary.instances()))
			.toList(), true);
		this.upInstances.register(
				services.stream().map((summary) -> Row.of(Tags.of("service", summary.service()), summary.up())).toList(),
				true);
	}

}

package dev.beacon.registry.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.beacon.client.ServiceSummary;
import dev.beacon.registry.store.InstanceStore;

/**
 * Gauges of registered and {@code UP} instances per service. The counts live in Redis, so a
 * scheduled refresh reads them rather than each server counting what it saw. A service's
 * gauges are registered when it appears and removed when it goes; a refresh only updates the
 * numbers they read, which keeps it cheap with thousands of services.
 */
public class InstanceCountGauges {

	private static final Log logger = LogFactory.getLog(InstanceCountGauges.class);

	private final InstanceStore store;

	private final MeterRegistry registry;

	private final Map<String, ServiceGauges> services = new HashMap<>();

	public InstanceCountGauges(InstanceStore store, MeterRegistry registry) {
		this.store = store;
		this.registry = registry;
	}

	public void refresh() {
		this.store.services().collectList().doOnNext(this::update).doOnError((ex) -> {
			if (logger.isDebugEnabled()) {
				logger.debug("Instance counts not refreshed: " + ex.getMessage());
			}
		}).onErrorComplete().subscribe();
	}

	private synchronized void update(List<ServiceSummary> summaries) {
		for (ServiceSummary summary : summaries) {
			this.services.computeIfAbsent(summary.service(), this::register).counts = summary;
		}
		Set<String> present = summaries.stream().map(ServiceSummary::service).collect(Collectors.toSet());
		this.services.entrySet().removeIf((entry) -> {
			if (present.contains(entry.getKey())) {
				return false;
			}
			this.registry.remove(entry.getValue().instances);
			this.registry.remove(entry.getValue().up);
			return true;
		});
	}

	private ServiceGauges register(String service) {
		return new ServiceGauges(service, this.registry);
	}

	private static final class ServiceGauges {

		private volatile ServiceSummary counts;

		private final Gauge instances;

		private final Gauge up;

		ServiceGauges(String service, MeterRegistry registry) {
			this.counts = new ServiceSummary(service, 0, 0);
			this.instances = Gauge.builder("beacon.registry.instances", this, (gauges) -> gauges.counts.instances())
				.description("Registered instances per service")
				.tag("service", service)
				.strongReference(true)
				.register(registry);
			this.up = Gauge.builder("beacon.registry.instances.up", this, (gauges) -> gauges.counts.up())
				.description("Instances per service whose status is UP")
				.tag("service", service)
				.strongReference(true)
				.register(registry);
		}

	}

}

package dev.beacon.registry.metrics;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import dev.beacon.client.ServiceSummary;
import dev.beacon.registry.store.InstanceStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class InstanceCountGaugesTests {

	private final InstanceStore store = mock(InstanceStore.class);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final InstanceCountGauges gauges = new InstanceCountGauges(this.store, this.registry);

	@Test
	void gaugesFollowTheCountsOfEachServiceAndGoWithTheService() {
		refreshWith(new ServiceSummary("orders", 3, 2), new ServiceSummary("billing", 1, 1));
		assertThat(value("beacon.registry.instances", "orders")).isEqualTo(3);
		assertThat(value("beacon.registry.instances.up", "orders")).isEqualTo(2);
		assertThat(value("beacon.registry.instances", "billing")).isEqualTo(1);

		refreshWith(new ServiceSummary("orders", 4, 0));

		assertThat(value("beacon.registry.instances", "orders")).isEqualTo(4);
		assertThat(value("beacon.registry.instances.up", "orders")).isZero();
		assertThat(this.registry.find("beacon.registry.instances").tag("service", "billing").gauge()).isNull();
		assertThat(this.registry.find("beacon.registry.instances.up").tag("service", "billing").gauge()).isNull();
	}

	private void refreshWith(ServiceSummary... services) {
		given(this.store.services()).willReturn(Flux.fromIterable(List.of(services)));
		this.gauges.refresh();
	}

	private double value(String name, String service) {
		return this.registry.get(name).tag("service", service).gauge().value();
	}

}

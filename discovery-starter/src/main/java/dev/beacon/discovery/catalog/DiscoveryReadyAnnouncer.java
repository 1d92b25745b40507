package dev.beacon.discovery.catalog;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Tells Spring Cloud that discovery is ready in an application that does not register itself
 * (a gateway, a client only). Spring Cloud Commons' discovery health indicators
 * ({@code discoveryComposite}) read {@code UNKNOWN}, "Discovery Client not initialized", until
 * an {@link InstanceRegisteredEvent} arrives, and only registration publishes one. Here it is
 * published once, when the catalog holds its first snapshot: from then on discovery answers
 * from what the registry said.
 */
class DiscoveryReadyAnnouncer implements Consumer<Set<String>> {

	/** The event's configuration: what became ready. */
	static final String READY = "beacon-discovery-catalog";

	private final Object source;

	private final ApplicationEventPublisher publisher;

	private final AtomicBoolean announced = new AtomicBoolean();

	DiscoveryReadyAnnouncer(Object source, ApplicationEventPublisher publisher) {
		this.source = source;
		this.publisher = publisher;
	}

	@Override
	public void accept(Set<String> services) {
		if (this.announced.compareAndSet(false, true)) {
			this.publisher.publishEvent(new InstanceRegisteredEvent<>(this.source, READY));
		}
	}

}

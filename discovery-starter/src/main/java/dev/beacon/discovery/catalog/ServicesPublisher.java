package dev.beacon.discovery.catalog;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Tells the application when a route may have to come or go. Spring Cloud's
 * {@link HeartbeatEvent}, which is how Spring Cloud Gateway knows to rebuild its routes, is
 * published when the set of services with any instance changes, and when the set of services
 * that discovery offers changes (a service gets its first {@code UP} instance, or loses its
 * last one, when only {@code UP} instances are offered). The stock discovery locator builds
 * routes only for services with an offered instance, so a service that registers
 * {@code STARTING} and turns {@code UP} later needs the second; Beacon's gateway routes every
 * service with any instance (through {@link DiscoveredServices}), so it needs the first. Other
 * changes within a service need no new routes, and rebuilding every route on each of them
 * would cost a busy gateway dearly.
 * <p>
 * Called by the catalog under its lock, so changes arrive one at a time and in order.
 */
class ServicesPublisher implements DiscoveredServices {

	private final Object source;

	private final ApplicationEventPublisher publisher;

	private final boolean onlyUp;

	private final Set<String> withInstances = new HashSet<>();

	private final Set<String> offered = new HashSet<>();

	private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

	private volatile Set<String> names = Set.of();

	private volatile boolean initialized;

	private long version;

	/**
	 * @param source the source of the events, the catalog whose changes they announce
	 * @param publisher where the events go
	 * @param onlyUp whether discovery offers only {@code UP} instances
	 */
	ServicesPublisher(Object source, ApplicationEventPublisher publisher, boolean onlyUp) {
		this.source = source;
		this.publisher = publisher;
		this.onlyUp = onlyUp;
	}

	@Override
	public Set<String> names() {
		return this.names;
	}

	@Override
	public synchronized void subscribe(Consumer<Set<String>> listener) {
		this.listeners.add(listener);
		if (this.initialized) {
			listener.accept(this.names);
		}
	}

	/**
	 * Takes in what changed in the catalog; only the changed services can have appeared or gone.
	 * @param changed the services that changed
	 * @param entries each service's entry now
	 * @param snapshot whether the change is a snapshot, after which the names are known even
	 * when none changed
	 */
	synchronized void changed(Collection<String> changed, Function<String, ServiceEntry> entries, boolean snapshot) {
		boolean namesChanged = false;
		boolean offeredChanged = false;
		for (String service : changed) {
			ServiceEntry entry = entries.apply(service);
			namesChanged |= track(this.withInstances, service, !entry.instances().isEmpty());
			offeredChanged |= track(this.offered, service, entry.offersAny(this.onlyUp));
		}
		if (namesChanged || (snapshot && !this.initialized)) {
			this.names = Set.copyOf(this.withInstances);
			this.initialized = true;
			this.listeners.forEach((listener) -> listener.accept(this.names));
		}
		if (namesChanged || offeredChanged) {
			this.publisher.publishEvent(new HeartbeatEvent(this.source, ++this.version));
		}
	}

	/** Puts a service in a set or takes it out; answers whether the set changed. */
	private static boolean track(Set<String> services, String service, boolean member) {
		return member ? services.add(service) : services.remove(service);
	}

}

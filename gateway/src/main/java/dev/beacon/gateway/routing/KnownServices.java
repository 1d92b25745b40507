package dev.beacon.gateway.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

import dev.beacon.discovery.catalog.InstanceCatalog;

/**
 * The names of the services the gateway routes to: every service with at least one instance,
 * whatever their status, except the gateway itself. Read on every request, so a lookup is one
 * hash probe in an immutable set; the set is replaced whenever the catalog announces that the
 * set of services changed (Spring Cloud's {@link HeartbeatEvent}, published on the catalog's
 * thread as it applies the change), so a new service is routable as soon as the catalog knows
 * it.
 */
class KnownServices implements ApplicationListener<HeartbeatEvent>, Ordered {

	private final InstanceCatalog catalog;

	private final String ownName;

	private volatile @Nullable Set<String> names;

	KnownServices(InstanceCatalog catalog, String ownName) {
		this.catalog = catalog;
		this.ownName = ownName;
	}

	/**
	 * Whether the service is known. Until the catalog has its first snapshot of the registry,
	 * no service is: asking the registry would block the caller, an event-loop thread.
	 * @param service the service name
	 * @return whether requests for it have somewhere to go
	 */
	boolean contains(String service) {
		Set<String> current = this.names;
		if (current == null) {
			if (!this.catalog.hasSnapshot()) {
				return false;
			}
			current = refresh();
		}
		return current.contains(service);
	}

	/**
	 * The names as last read from the catalog.
	 * @return the names, or {@code null} before the catalog's first snapshot
	 */
	@Nullable Set<String> current() {
		return this.names;
	}

	/**
	 * The names, sorted.
	 * @return the names now
	 */
	List<String> names() {
		Set<String> current = this.names;
		return (current != null) ? current.stream().sorted().toList() : List.of();
	}

	@Override
	public void onApplicationEvent(HeartbeatEvent event) {
		if (this.catalog.hasSnapshot()) {
			refresh();
		}
	}

	/** Synchronized, so that a later read of the catalog always wins over an earlier one. */
	private synchronized Set<String> refresh() {
		Set<String> current = new HashSet<>(this.catalog.serviceNames());
		current.remove(this.ownName);
		Set<String> names = Set.copyOf(current);
		this.names = names;
		return names;
	}

	/**
	 * Before any other listener, such as Spring Cloud Gateway's route refresh: the new set is
	 * what makes a new service routable.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}

package dev.beacon.gateway.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.beacon.discovery.catalog.DiscoveredServices;

/**
 * The names of the services the gateway routes to: every service with at least one instance,
 * whatever their status, except the gateway itself, and for a while also each service whose
 * last instance left, so that its requests are answered {@code 503} naming it (no instance
 * available) rather than {@code 404}: an instance that crashed or redeploys, or an outage,
 * must not look to a client as if the service never existed. Read on every request: one
 * volatile read of the catalog's immutable set and one hash probe (two for a service that is
 * not there). Until the catalog's first snapshot, no service is known: asking the registry
 * would block the caller, an event-loop thread.
 */
class KnownServices implements Consumer<Set<String>> {

	private final DiscoveredServices services;

	private final String ownName;

	private final Clock clock;

	private final Duration vanishedWindow;

	/** When each service that left did, while within the window. */
	private final Map<String, Instant> vanished = new ConcurrentHashMap<>();

	/** The names as last heard; the catalog calls {@link #accept} one change at a time. */
	private Set<String> last = Set.of();

	KnownServices(DiscoveredServices services, String ownName, Clock clock, Duration vanishedWindow) {
		this.services = services;
		this.ownName = ownName;
		this.clock = clock;
		this.vanishedWindow = vanishedWindow;
	}

	/**
	 * Whether requests for the service are routed.
	 * @param service the service name
	 * @return whether it has instances, or had some within the window
	 */
	boolean contains(String service) {
		if (this.ownName.equals(service)) {
			return false;
		}
		if (this.services.names().contains(service)) {
			return true;
		}
		Instant left = this.vanished.get(service);
		return left != null && !this.clock.instant().isAfter(left.plus(this.vanishedWindow));
	}

	/**
	 * The names of the services with instances, sorted.
	 * @return the names now
	 */
	List<String> names() {
		return this.services.names().stream().filter((name) -> !this.ownName.equals(name)).sorted().toList();
	}

	@Override
	public void accept(Set<String> names) {
		Instant now = this.clock.instant();
		for (String name : this.last) {
			if (!names.contains(name)) {
				this.vanished.put(name, now);
			}
		}
		names.forEach(this.vanished::remove);
		this.vanished.values().removeIf((left) -> now.isAfter(left.plus(this.vanishedWindow)));
		this.last = names;
	}

}

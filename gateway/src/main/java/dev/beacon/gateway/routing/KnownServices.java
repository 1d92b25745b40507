package dev.beacon.gateway.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.springframework.cloud.client.ServiceInstance;

import dev.beacon.discovery.catalog.DiscoveredServices;
import dev.beacon.gateway.exposure.ServiceExposure;

/**
 * The names of the services the gateway routes to: every service with at least one instance,
 * whatever their status, that {@link ServiceExposure} exposes, except the gateway itself, and for a while also each service whose
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

	private final ServiceExposure exposure;

	private final Function<String, List<ServiceInstance>> instances;

	/**
	 * Whether each service's instances carried the metadata exposure asks for, when last seen
	 * with instances up: a service whose instances are all down, or gone within the window, is
	 * still answered {@code 503} if it was exposed.
	 */
	private final Map<String, Boolean> carriedMetadata = new ConcurrentHashMap<>();

	/** When each service that left did, while within the window. */
	private final Map<String, Instant> vanished = new ConcurrentHashMap<>();

	/** The names as last heard; the catalog calls {@link #accept} one change at a time. */
	private Set<String> last = Set.of();

	KnownServices(DiscoveredServices services, String ownName, Clock clock, Duration vanishedWindow,
			ServiceExposure exposure, Function<String, List<ServiceInstance>> instances) {
		this.services = services;
		this.ownName = ownName;
		this.clock = clock;
		this.vanishedWindow = vanishedWindow;
		this.exposure = exposure;
		this.instances = instances;
	}

	/**
	 * Whether requests for the service are routed.
	 * @param service the service name
	 * @return whether it has instances, or had some within the window
	 */
	boolean contains(String service) {
		if (this.ownName.equals(service) || !this.exposure.exposesName(service)) {
			return false;
		}
		boolean known = this.services.names().contains(service);
		if (!known) {
			Instant left = this.vanished.get(service);
			known = left != null && !this.clock.instant().isAfter(left.plus(this.vanishedWindow));
		}
		return known && (!this.exposure.requiresMetadata() || carriesMetadata(service));
	}

	/** Asks the instances up now, and remembers the answer for when none is. */
	private boolean carriesMetadata(String service) {
		List<ServiceInstance> up = this.instances.apply(service);
		if (up.isEmpty()) {
			return this.carriedMetadata.getOrDefault(service, false);
		}
		boolean carried = false;
		for (ServiceInstance instance : up) {
			if (this.exposure.matches(instance.getMetadata())) {
				carried = true;
				break;
			}
		}
		this.carriedMetadata.put(service, carried);
		return carried;
	}

	/**
	 * The names of the services with instances, sorted.
	 * @return the names now
	 */
	List<String> names() {
		return this.services.names().stream().filter(this::contains).sorted().toList();
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
		this.carriedMetadata.keySet().removeIf((name) -> !names.contains(name) && !this.vanished.containsKey(name));
		this.last = names;
	}

}

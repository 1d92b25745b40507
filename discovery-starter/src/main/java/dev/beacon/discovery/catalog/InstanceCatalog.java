package dev.beacon.discovery.catalog;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.ApplicationEventPublisher;

import dev.beacon.discovery.client.ChangeEvent;
import dev.beacon.discovery.client.ChangeListener;
import dev.beacon.discovery.client.RegistryClient;
import dev.beacon.discovery.client.RegistryInstance;
import dev.beacon.discovery.client.ServiceState;
import dev.beacon.discovery.client.Snapshot;

/**
 * The local copy of the registry that discovery answers from: filled by the change stream's
 * snapshot, then kept current by its events. When the registry cannot be reached, the last
 * known instances keep being served (stale data beats no data) and the catalog says since
 * when it is stale.
 * <p>
 * It publishes Spring Cloud's {@link HeartbeatEvent}, which is how Spring Cloud Gateway knows
 * to rebuild its routes, whenever a route may have to come or go: when the set of services
 * with any instance changes, and when the set of services that discovery offers changes (a
 * service gets its first {@code UP} instance, or loses its last one, when only {@code UP}
 * instances are offered). The stock discovery locator builds routes only for services with an
 * offered instance, so a service that registers {@code STARTING} and turns {@code UP} later
 * needs the second; Beacon's gateway routes every service with any instance, so it needs the
 * first. Other changes of instances within a service need no new routes: they reach
 * LoadBalancer through {@link #instanceChanges(String)} at once, and rebuilding every route on
 * each of them would cost a busy gateway dearly.
 */
public class InstanceCatalog implements ChangeListener {

	private static final Log logger = LogFactory.getLog(InstanceCatalog.class);

	private final RegistryClient client;

	private final ApplicationEventPublisher publisher;

	private final Clock clock;

	private final boolean onlyUp;

	private final Duration initialWait;

	private final Map<String, ServiceEntry> services = new ConcurrentHashMap<>();

	private final Sinks.Many<String> changedServices = Sinks.many().multicast().directBestEffort();

	private final CountDownLatch firstSnapshot = new CountDownLatch(1);

	private final AtomicBoolean waitedForFirstSnapshot = new AtomicBoolean();

	private final AtomicLong version = new AtomicLong();

	private final AtomicLong servicesVersion = new AtomicLong();

	/** Services with at least one instance; changed only under the catalog's lock. */
	private final Set<String> knownServices = new HashSet<>();

	/** Services with at least one instance offered; changed only under the catalog's lock. */
	private final Set<String> offeredServices = new HashSet<>();

	private final LongAdder eventsReceived = new LongAdder();

	private volatile @Nullable Instant lastUpdate;

	private volatile @Nullable Instant staleSince;

	private volatile boolean connected;

	public InstanceCatalog(RegistryClient client, ApplicationEventPublisher publisher, Clock clock, boolean onlyUp,
			Duration initialWait) {
		this.client = client;
		this.publisher = publisher;
		this.clock = clock;
		this.onlyUp = onlyUp;
		this.initialWait = initialWait;
	}

	/**
	 * The instances of a service that discovery offers (only {@code UP} ones unless configured
	 * otherwise). Before the first snapshot arrived, waits for it a short while, then asks the
	 * registry directly.
	 * @param service the service
	 * @return its instances; empty when none is known
	 */
	public List<ServiceInstance> instances(String service) {
		awaitFirstSnapshot();
		ServiceEntry entry = this.services.get(service);
		if (entry == null && !hasSnapshot()) {
			entry = readDirectly(service);
		}
		return (entry != null) ? entry.offered(this.onlyUp) : List.of();
	}

	/**
	 * Names of the services with at least one instance.
	 * @return the names, sorted
	 */
	public List<String> serviceNames() {
		awaitFirstSnapshot();
		return this.services.entrySet()
			.stream()
			.filter((entry) -> !entry.getValue().instances().isEmpty())
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
	}

	/**
	 * The instances of a service now, then again after each change of that service.
	 * @param service the service
	 * @return the lists of instances
	 */
	public Flux<List<ServiceInstance>> instanceChanges(String service) {
		if (!hasSnapshot()) {
			// listen first, then read (off the caller's thread, as the read may wait): a change
			// landing in between is not missed
			return Flux.merge(changesOf(service), current(() -> instances(service)));
		}
		// LoadBalancer takes the first list of each request and cancels: reading it without
		// subscribing to the changes first spares every request a subscription to the sink,
		// whose subscriber array all event loops would update. Only a subscriber that stays
		// listens, and rereads if a change landed between its first read and its listening.
		return Flux.defer(() -> {
			long readAt = this.version.get();
			return Mono.just(instances(service)).concatWith(Flux.merge(changesOf(service),
					Mono.fromSupplier(() -> (this.version.get() != readAt) ? instances(service) : null)));
		});
	}

	private Flux<List<ServiceInstance>> changesOf(String service) {
		// every list emitted is read when emitted, so the last one is always the newest
		return this.changedServices.asFlux().filter(service::equals).map((changed) -> instances(service));
	}

	/**
	 * Reads from the catalog without blocking the caller's thread: only a read before the first
	 * snapshot can wait (for the snapshot or the registry), and it does so on a thread meant
	 * for waiting.
	 * @param read the read
	 * @param <T> what it reads
	 * @return the result
	 */
	public <T> Mono<T> current(Supplier<T> read) {
		return hasSnapshot() ? Mono.fromSupplier(read)
				: Mono.fromSupplier(read).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public synchronized void onSnapshot(Snapshot snapshot) {
		Set<String> changed = new HashSet<>(this.services.keySet());
		Map<String, ServiceEntry> replacement = new HashMap<>();
		for (ServiceState state : snapshot.services()) {
			replacement.put(state.service(), ServiceEntry.of(state.revision(), state.instances()));
		}
		changed.addAll(replacement.keySet());
		changed.removeIf((service) -> replacement.getOrDefault(service, ServiceEntry.EMPTY)
			.sameInstances(this.services.getOrDefault(service, ServiceEntry.EMPTY)));
		this.services.keySet().retainAll(replacement.keySet());
		this.services.putAll(replacement);
		this.firstSnapshot.countDown();
		updated(changed);
	}

	@Override
	public synchronized void onChange(ChangeEvent event) {
		this.eventsReceived.increment();
		ServiceEntry current = this.services.getOrDefault(event.service(), ServiceEntry.EMPTY);
		List<RegistryInstance> instances = new ArrayList<>();
		for (BeaconServiceInstance instance : current.instances()) {
			if (!instance.getInstanceId().equals(event.id())) {
				instances.add(instance.registryInstance());
			}
		}
		if (!event.removesInstance()) {
			instances.add(event.instance());
		}
		this.services.put(event.service(), ServiceEntry.of(event.revision(), instances));
		updated(Set.of(event.service()));
	}

	@Override
	public void onConnected(URI server) {
		this.connected = true;
		if (this.staleSince != null) {
			logger.info("Change stream from " + server + " restored; instance data no longer stale");
		}
		this.staleSince = null;
	}

	@Override
	public void onDisconnected(URI server, String cause) {
		this.connected = false;
		if (this.staleSince == null) {
			this.staleSince = this.clock.instant();
			logger.warn("Change stream from " + server + " lost (" + cause
					+ "); serving the last known instances until it reconnects");
		}
	}

	private void updated(Set<String> changed) {
		this.lastUpdate = this.clock.instant();
		if (changed.isEmpty()) {
			return;
		}
		this.version.incrementAndGet();
		changed.forEach(this.changedServices::tryEmitNext);
		// only the changed services can have appeared or gone: no need to list them all
		boolean servicesChanged = false;
		for (String service : changed) {
			ServiceEntry entry = this.services.getOrDefault(service, ServiceEntry.EMPTY);
			servicesChanged |= track(this.knownServices, service, !entry.instances().isEmpty());
			servicesChanged |= track(this.offeredServices, service, entry.offersAny(this.onlyUp));
		}
		if (servicesChanged) {
			this.publisher.publishEvent(new HeartbeatEvent(this, this.servicesVersion.incrementAndGet()));
		}
	}

	/** Puts a service in a set or takes it out; answers whether the set changed. */
	private static boolean track(Set<String> services, String service, boolean member) {
		return member ? services.add(service) : services.remove(service);
	}

	private void awaitFirstSnapshot() {
		if (hasSnapshot() || !this.waitedForFirstSnapshot.compareAndSet(false, true)) {
			return;
		}
		try {
			this.firstSnapshot.await(this.initialWait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private @Nullable ServiceEntry readDirectly(String service) {
		try {
			ServiceState state = this.client.service(service);
			return ServiceEntry.of(state.revision(), state.instances());
		}
		catch (RuntimeException ex) {
			logger.warn("No instances of " + service + " known yet and the registry cannot be read: " + ex.getMessage());
			return null;
		}
	}

	public boolean hasSnapshot() {
		return this.firstSnapshot.getCount() == 0;
	}

	public boolean isConnected() {
		return this.connected;
	}

	public @Nullable Instant staleSince() {
		return this.staleSince;
	}

	public @Nullable Instant lastUpdate() {
		return this.lastUpdate;
	}

	public long version() {
		return this.version.get();
	}

	public long eventsReceived() {
		return this.eventsReceived.sum();
	}

	/** Subscribers listening to changes now, whatever their service. */
	int listeners() {
		return this.changedServices.currentSubscriberCount();
	}

	/**
	 * One service's instances, all statuses, and the subset that is up.
	 */
	record ServiceEntry(long revision, List<BeaconServiceInstance> instances, List<ServiceInstance> up) {

		static final ServiceEntry EMPTY = new ServiceEntry(0, List.of(), List.of());

		static ServiceEntry of(long revision, List<RegistryInstance> registered) {
			List<BeaconServiceInstance> all = registered.stream()
				.map(BeaconServiceInstance::new)
				.sorted((a, b) -> a.getInstanceId().compareTo(b.getInstanceId()))
				.toList();
			return new ServiceEntry(revision, all,
					all.stream().filter(BeaconServiceInstance::isUp).map(ServiceInstance.class::cast).toList());
		}

		List<ServiceInstance> offered(boolean onlyUp) {
			return onlyUp ? this.up : List.copyOf(this.instances);
		}

		boolean offersAny(boolean onlyUp) {
			return !(onlyUp ? this.up : this.instances).isEmpty();
		}

		boolean sameInstances(ServiceEntry other) {
			return this.instances.equals(other.instances);
		}

	}

}

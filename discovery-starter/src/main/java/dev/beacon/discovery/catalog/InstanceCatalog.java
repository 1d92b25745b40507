package dev.beacon.discovery.catalog;

import java.net.URI;
import java.time.Duration;
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
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.context.ApplicationEventPublisher;

import dev.beacon.client.Change;
import dev.beacon.client.ChangeListener;
import dev.beacon.client.Instance;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.Snapshot;

/**
 * The local copy of the registry that discovery answers from: filled by the change stream's
 * snapshot, then kept current by its events; a later snapshot replaces it, but for the instances
 * it lacks, which {@link MissingInstances} keeps for a lease. Changes of a service's instances reach
 * LoadBalancer through {@link #instanceChanges(String)} at once; whether a route may have to
 * come or go is {@link ServicesPublisher}'s to tell, and how current the copy is
 * {@link CatalogStaleness}'s.
 */
public class InstanceCatalog implements ChangeListener {

	private static final Log logger = LogFactory.getLog(InstanceCatalog.class);

	private final RegistryClient client;

	private final ServicesPublisher servicesPublisher;

	private final CatalogStaleness staleness;

	private final boolean onlyUp;

	private final Duration initialWait;

	private final Map<String, ServiceEntry> services = new ConcurrentHashMap<>();

	private final Sinks.Many<String> changedServices = Sinks.many().multicast().directBestEffort();

	private final CountDownLatch firstSnapshot = new CountDownLatch(1);

	private final AtomicBoolean waitedForFirstSnapshot = new AtomicBoolean();

	private final AtomicLong version = new AtomicLong();

	private final MissingInstances missing;

	private Disposable expiry = Disposables.disposed();

	public InstanceCatalog(RegistryClient client, ApplicationEventPublisher publisher, CatalogStaleness staleness,
			boolean onlyUp, Duration initialWait) {
		this.client = client;
		this.servicesPublisher = new ServicesPublisher(this, publisher, onlyUp);
		this.staleness = staleness;
		this.onlyUp = onlyUp;
		this.initialWait = initialWait;
		this.missing = new MissingInstances(staleness.clock());
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
		Map<String, List<Instance>> received = new HashMap<>();
		Map<String, Long> revisions = new HashMap<>();
		for (ServiceInstances state : snapshot.services()) {
			received.put(state.service(), new ArrayList<>(state.instances()));
			revisions.put(state.service(), state.revision());
		}
		if (hasSnapshot()) {
			keepMissing(received);
		}
		Set<String> changed = new HashSet<>(this.services.keySet());
		Map<String, ServiceEntry> replacement = new HashMap<>();
		received.forEach((service, instances) -> replacement.put(service, ServiceEntry.of(
				revisions.getOrDefault(service, this.services.getOrDefault(service, ServiceEntry.EMPTY).revision()),
				instances)));
		changed.addAll(replacement.keySet());
		changed.removeIf((service) -> replacement.getOrDefault(service, ServiceEntry.EMPTY)
			.sameInstances(this.services.getOrDefault(service, ServiceEntry.EMPTY)));
		this.services.keySet().retainAll(replacement.keySet());
		this.services.putAll(replacement);
		this.firstSnapshot.countDown();
		updated(changed, true);
	}

	@Override
	public synchronized void onChange(Change event) {
		this.staleness.eventReceived();
		this.missing.heardOf(event.service(), event.id());
		ServiceEntry current = this.services.getOrDefault(event.service(), ServiceEntry.EMPTY);
		List<Instance> instances = new ArrayList<>();
		for (BeaconServiceInstance instance : current.instances()) {
			if (!instance.getInstanceId().equals(event.id())) {
				instances.add(instance.instance());
			}
		}
		if (!event.removesInstance()) {
			instances.add(event.instance());
		}
		this.services.put(event.service(), ServiceEntry.of(event.revision(), instances));
		updated(Set.of(event.service()), false);
	}

	private void keepMissing(Map<String, List<Instance>> received) {
		Map<String, List<Instance>> known = new HashMap<>();
		this.services.forEach((service, entry) -> known.put(service,
				entry.instances().stream().map(BeaconServiceInstance::instance).toList()));
		int kept = this.missing.keep(known, received);
		if (kept > 0) {
			logger.info("The registry's snapshot lacks " + kept + " instance(s) this client knew (Redis lost its data, "
					+ "or the change log no longer reached back to this client's position): each stays until its "
					+ "lease would have ended, unless the registry speaks of it again");
		}
		scheduleExpiry();
	}

	/** Drops the instances kept from a snapshot that lacked them whose lease ended meanwhile. */
	synchronized void expireMissing() {
		Set<String> changed = new HashSet<>();
		this.missing.expire().forEach((service, ids) -> {
			ServiceEntry entry = this.services.getOrDefault(service, ServiceEntry.EMPTY);
			List<Instance> remaining = entry.instances()
				.stream()
				.map(BeaconServiceInstance::instance)
				.filter((instance) -> !ids.contains(instance.id()))
				.toList();
			if (remaining.size() < entry.instances().size()) {
				changed.add(service);
				this.services.put(service, ServiceEntry.of(entry.revision(), remaining));
				logger.info("No longer keeping " + ids + " of " + service + ": the registry has not spoken of them "
						+ "for a lease since its snapshot lacked them");
			}
		});
		if (!changed.isEmpty()) {
			updated(changed, false);
		}
		scheduleExpiry();
	}

	private void scheduleExpiry() {
		this.expiry.dispose();
		Duration wait = this.missing.untilNextExpiry();
		this.expiry = (wait != null)
				? Schedulers.parallel().schedule(this::expireMissing, wait.toMillis() + 1, TimeUnit.MILLISECONDS)
				: Disposables.disposed();
	}

	@Override
	public void onConnected(URI server) {
		this.staleness.connected(server);
	}

	@Override
	public void onDisconnected(URI server, String cause) {
		this.staleness.disconnected(server, cause);
	}

	private void updated(Set<String> changed, boolean snapshot) {
		this.staleness.updated();
		if (!changed.isEmpty()) {
			this.version.incrementAndGet();
			changed.forEach(this.changedServices::tryEmitNext);
		}
		this.servicesPublisher.changed(changed,
				(service) -> this.services.getOrDefault(service, ServiceEntry.EMPTY), snapshot);
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
			ServiceInstances state = this.client.service(service);
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

	/**
	 * The names of the services with any instance, and their changes.
	 * @return the services
	 */
	public DiscoveredServices discoveredServices() {
		return this.servicesPublisher;
	}

	public CatalogStaleness staleness() {
		return this.staleness;
	}

	public long version() {
		return this.version.get();
	}

	/** Subscribers listening to changes now, whatever their service. */
	int listeners() {
		return this.changedServices.currentSubscriberCount();
	}

}

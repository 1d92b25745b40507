package dev.beacon.registry.store;

import org.jspecify.annotations.Nullable;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link InstanceStore} that answers the plain read of a service from memory between two of
 * its changes. A document is dropped when this server makes a change to its service (before
 * the change's caller hears of it, so a client reads its own writes) and when the change feed
 * reports a change made through any registry server; while the feed cannot follow the change
 * log, every read goes to Redis. A document is kept only when no change was heard of while it
 * was read, so a read that raced a change never keeps the older state. The cache's time to
 * live bounds what no event reports, such as Redis losing its data.
 */
public final class CachingInstanceStore implements InstanceStore, ChangeObserver {

	private final InstanceStore store;

	private final @Nullable Cache<String, ServiceDocument> documents;

	/** Changes heard of, and losses and recoveries of the feed: a read keeps its document only when this did not move. */
	private final AtomicLong changes = new AtomicLong();

	private volatile boolean following;

	/**
	 * @param store where reads and changes go
	 * @param documents the documents of recently read services, by service; {@code null} to
	 * send every read to the store
	 */
	public CachingInstanceStore(InstanceStore store, @Nullable Cache<String, ServiceDocument> documents) {
		this.store = store;
		this.documents = documents;
	}

	/** The documents kept in memory, for metrics. */
	Optional<Cache<String, ServiceDocument>> cache() {
		return Optional.ofNullable(this.documents);
	}

	@Override
	public Mono<ServiceDocument> serviceDocument(String service) {
		Cache<String, ServiceDocument> cache = this.documents;
		if (cache == null || !this.following) {
			return this.store.serviceDocument(service);
		}
		ServiceDocument cached = cache.getIfPresent(service);
		if (cached != null) {
			return Mono.just(cached);
		}
		long seen = this.changes.get();
		return this.store.serviceDocument(service).doOnNext((document) -> cache.asMap()
			.compute(service, (name, current) -> (this.following && this.changes.get() == seen) ? document : current));
	}

	@Override
	public Mono<Registration> register(Instance instance) {
		return this.store.register(instance).doOnNext((registration) -> forget(instance.service()));
	}

	@Override
	public Mono<Renewal> renew(String service, String id, @Nullable InstanceStatus status) {
		return this.store.renew(service, id, status).doOnNext((renewal) -> forgetIfChanged(service, renewal));
	}

	@Override
	public Mono<Renewal> changeStatus(String service, String id, InstanceStatus status) {
		return this.store.changeStatus(service, id, status).doOnNext((renewal) -> forgetIfChanged(service, renewal));
	}

	@Override
	public Mono<Long> deregister(String service, String id) {
		return this.store.deregister(service, id).doOnNext((revision) -> forget(service));
	}

	@Override
	public Flux<String> evictExpired(int batchSize) {
		return this.store.evictExpired(batchSize)
			.doOnNext((evicted) -> forget(evicted.substring(0, evicted.indexOf('/'))));
	}

	@Override
	public Flux<ServiceSummary> services() {
		return this.store.services();
	}

	@Override
	public Mono<ServiceInstances> service(String service) {
		return this.store.service(service);
	}

	@Override
	public Mono<Snapshot> snapshot(Collection<String> services) {
		return this.store.snapshot(services);
	}

	@Override
	public void following() {
		this.changes.incrementAndGet();
		this.following = true;
	}

	@Override
	public void changed(ChangeEvent event) {
		forget(event.service());
	}

	@Override
	public void lost() {
		this.following = false;
		this.changes.incrementAndGet();
		if (this.documents != null) {
			this.documents.invalidateAll();
		}
	}

	private void forgetIfChanged(String service, Renewal renewal) {
		if (renewal == Renewal.CHANGED) {
			forget(service);
		}
	}

	/**
	 * Counts the change before dropping the document: a read that kept its document in
	 * between holds the service's lock, so the drop comes after it.
	 */
	private void forget(String service) {
		this.changes.incrementAndGet();
		if (this.documents != null) {
			this.documents.invalidate(service);
		}
	}

}

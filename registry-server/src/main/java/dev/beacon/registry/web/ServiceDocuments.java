package dev.beacon.registry.web;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import com.github.benmanes.caffeine.cache.Cache;
import reactor.core.publisher.Mono;

import dev.beacon.client.ServiceInstances;
import dev.beacon.client.WireCodec;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.ChangeObserver;
import dev.beacon.registry.store.InstanceStore;

/**
 * The documents that answer the plain read of a service, kept in memory between two of its
 * changes so that a read costs Redis nothing while the service is unchanged. A document is
 * dropped when this server changes its service (before the change's caller hears of it, so a
 * client reads its own writes) and when the change feed reports a change made through any
 * registry server; while the feed cannot follow the change log, every read goes to Redis. A
 * document is kept only when no change was heard of while it was read, so a read that raced a
 * change never keeps the older state. The cache's time to live bounds what no event reports,
 * such as Redis losing its data.
 */
final class ServiceDocuments implements ChangeObserver, ServiceReads {

	private final InstanceStore store;

	private final WireCodec codec;

	private final @Nullable Cache<String, ServiceDocument> documents;

	/** Changes heard of, and losses and recoveries of the feed: a read keeps its document only when this did not move. */
	private final AtomicLong changes = new AtomicLong();

	private volatile boolean following;

	/**
	 * @param store where reads go
	 * @param codec writes the documents
	 * @param documents the documents of recently read services, by service; {@code null} to
	 * send every read to the store
	 */
	ServiceDocuments(InstanceStore store, WireCodec codec, @Nullable Cache<String, ServiceDocument> documents) {
		this.store = store;
		this.codec = codec;
		this.documents = documents;
	}

	/** The documents kept in memory, for metrics. */
	Optional<Cache<String, ServiceDocument>> cache() {
		return Optional.ofNullable(this.documents);
	}

	/**
	 * One service's instances and revision, read consistently, as its JSON document.
	 * @param service the service
	 * @return the document; no instances and revision 0 for a service never seen
	 */
	Mono<ServiceDocument> read(String service) {
		Cache<String, ServiceDocument> cache = this.documents;
		if (cache == null || !this.following) {
			return readFromStore(service);
		}
		ServiceDocument cached = cache.getIfPresent(service);
		if (cached != null) {
			return Mono.just(cached);
		}
		long seen = this.changes.get();
		return readFromStore(service).doOnNext((document) -> cache.asMap()
			.compute(service, (name, current) -> (this.following && this.changes.get() == seen) ? document : current));
	}

	@Override
	public Mono<ServiceInstances> instances(String service) {
		return read(service).map(ServiceDocument::instances);
	}

	private Mono<ServiceDocument> readFromStore(String service) {
		return this.store.service(service)
			.map((instances) -> new ServiceDocument(instances.revision(),
					this.codec.encode(instances).getBytes(StandardCharsets.UTF_8), instances));
	}

	/**
	 * This server changed a service: its document is out of date. Counts the change before
	 * dropping the document: a read that kept its document in between holds the service's
	 * lock, so the drop comes after it.
	 * @param service the service
	 */
	void forget(String service) {
		this.changes.incrementAndGet();
		if (this.documents != null) {
			this.documents.invalidate(service);
		}
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

	/**
	 * One service as a JSON document, with the instances it was written from for readers that
	 * want them rather than JSON, such as the DNS interface.
	 *
	 * @param revision the service's revision
	 * @param json the document in UTF-8; shared by every reader, never to be modified
	 * @param instances the instances the document holds
	 */
	record ServiceDocument(long revision, byte[] json, ServiceInstances instances) {
	}

}

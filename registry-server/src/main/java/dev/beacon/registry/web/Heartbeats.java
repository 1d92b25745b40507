package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.beacon.client.InstanceStatus;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.InstanceStore.Renewal;
import dev.beacon.registry.store.InstanceStore;

/**
 * The heartbeat call, whichever handler received it: checks the names and the status it
 * carries, renews the lease (and changes the status, if it carries a new one), and fails with
 * {@link NotFoundException} when the lease is unknown, so the client registers again.
 */
final class Heartbeats {

	private static final Log logger = LogFactory.getLog(Heartbeats.class);

	private final InstanceStore store;

	private final RegistryMetrics metrics;

	private final ServiceDocuments documents;

	Heartbeats(InstanceStore store, RegistryMetrics metrics, ServiceDocuments documents) {
		this.store = store;
		this.metrics = metrics;
		this.documents = documents;
	}

	/**
	 * Renews one lease.
	 * @param service the service, as the path names it
	 * @param id the instance id, as the path names it
	 * @param status the status the body carries, or {@code null} to keep it
	 * @param token the name of the token that sent it, for the audit line of a status change
	 * @return completes once renewed; fails on bad input, an unknown lease or a store failure
	 */
	Mono<Void> renew(String service, String id, @Nullable String status, String token) {
		RequestValidator.service(service);
		RequestValidator.instanceId(id);
		@Nullable InstanceStatus newStatus = (status != null) ? RequestValidator.status("status", status) : null;
		return this.store.renew(service, id, newStatus).flatMap((renewal) -> {
			if (renewal == Renewal.UNKNOWN) {
				return Mono.error(NotFoundException.instance(service, id));
			}
			if (renewal == Renewal.CHANGED) {
				this.documents.forget(service);
				this.metrics.statusChanged(token);
				logger.info("Status of " + service + "/" + id + " set to " + newStatus + " by a heartbeat with token '"
						+ token + "'");
			}
			this.metrics.heartbeat();
			return Mono.empty();
		});
	}

}

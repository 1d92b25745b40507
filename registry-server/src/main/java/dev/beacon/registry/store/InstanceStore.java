package dev.beacon.registry.store;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.ServiceSummary;

/**
 * The registry's state and its rules: leases, revisions and change events. Every change is
 * atomic, bumps the service's revision and records exactly one event; renewing a lease alone
 * changes neither.
 */
public interface InstanceStore {

	/**
	 * Registers an instance, or replaces its registration while keeping one lease.
	 * @param instance the instance
	 * @return what changed and the service's revision
	 */
	Mono<Registration> register(Instance instance);

	/**
	 * Renews an instance's lease and, when a status is given, sets it.
	 * @param service the service
	 * @param id the instance id
	 * @param status the new status, or {@code null} to keep it
	 * @return what happened; {@link Renewal#UNKNOWN} when the instance holds no lease
	 */
	Mono<Renewal> renew(String service, String id, @Nullable InstanceStatus status);

	/**
	 * Sets an instance's status without renewing its lease.
	 * @param service the service
	 * @param id the instance id
	 * @param status the new status
	 * @return what happened; {@link Renewal#UNKNOWN} when the instance is not registered
	 */
	Mono<Renewal> changeStatus(String service, String id, InstanceStatus status);

	/**
	 * Removes an instance and its lease.
	 * @param service the service
	 * @param id the instance id
	 * @return the service's revision after the removal; empty when the instance was unknown
	 */
	Mono<Long> deregister(String service, String id);

	/**
	 * Every service that has at least one instance.
	 * @return the services with their instance counts
	 */
	Flux<ServiceSummary> services();

	/**
	 * One service's instances and revision, read consistently.
	 * @param service the service
	 * @return the instances; none and revision 0 for a service never seen
	 */
	Mono<ServiceInstances> service(String service);

	/**
	 * Services with their instances, and the change log position the read is valid at.
	 * @param services the services to include; empty for all
	 * @return the snapshot
	 */
	Mono<Snapshot> snapshot(Collection<String> services);

	/**
	 * Evicts instances whose lease expired, at most one batch per partition.
	 * @param batchSize most expired leases of one partition to handle
	 * @param rules when an expired lease is kept instead
	 * @param wasAway whether this server could not reach Redis since its last call: an outage
	 * grace begins now
	 * @return what was evicted and kept
	 */
	Mono<Eviction> evictExpired(int batchSize, ExpiryRules rules, boolean wasAway);

	/**
	 * When an expired lease is kept rather than evicted.
	 *
	 * @param outageAfter time without any eviction call, on any server, after which an outage
	 * grace begins: each lease then gets one full term before it may be evicted
	 * @param maxShare largest share of a service's instances that may expire within one window
	 * @param window the window of {@code maxShare}
	 */
	record ExpiryRules(Duration outageAfter, double maxShare, Duration window) {
	}

	/**
	 * What one eviction call did.
	 *
	 * @param graceBegan whether an outage grace began with this call
	 * @param expired expired leases the call handled: when at least the batch size, more may be
	 * waiting
	 * @param extended leases the outage grace extended
	 * @param evicted evicted instances, as {@code service/id}
	 * @param kept instances kept past their lease by the expiry share, as {@code service/id}
	 */
	record Eviction(boolean graceBegan, int expired, int extended, List<String> evicted, List<String> kept) {

		/**
		 * This eviction and another, as one.
		 * @param other what another call did
		 * @return both together
		 */
		public Eviction plus(Eviction other) {
			List<String> allEvicted = new ArrayList<>(this.evicted);
			allEvicted.addAll(other.evicted);
			List<String> allKept = new ArrayList<>(this.kept);
			allKept.addAll(other.kept);
			return new Eviction(this.graceBegan || other.graceBegan, this.expired + other.expired,
					this.extended + other.extended, List.copyOf(allEvicted), List.copyOf(allKept));
		}

	}

	/**
	 * What a registration changed.
	 *
	 * @param outcome whether the instance is new, replaced or unchanged
	 * @param revision the service's revision after the call
	 */
	record Registration(Outcome outcome, long revision) {

		public enum Outcome {

			CREATED, REPLACED, UNCHANGED

		}

	}

	/**
	 * What a renewal or status change did.
	 */
	enum Renewal {

		/** The instance holds no lease: it must register again. */
		UNKNOWN,

		/** The lease was renewed (or the status was already the one asked for). */
		RENEWED,

		/** The status changed: an event was recorded. */
		CHANGED

	}

}

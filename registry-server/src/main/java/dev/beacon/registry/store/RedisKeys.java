package dev.beacon.registry.store;

import java.util.stream.IntStream;

import io.lettuce.core.cluster.SlotHash;

/**
 * Names of the registry's Redis keys. The registry is split into a fixed number of partitions;
 * a service belongs to one, by the Redis Cluster slot of its name, and every key of a partition
 * (its services' instances, its leases, its service index, its change stream) carries the
 * partition's hash tag, so that each change is one script on one slot. On Redis Cluster the
 * partitions spread over the primaries; standalone and Sentinel run the same layout. The scripts
 * build the names below from a partition's base key (see {@code scripts/lib.lua}).
 */
public final class RedisKeys {

	private final String prefix;

	private final String[] bases;

	/**
	 * @param prefix prefix of every key
	 * @param partitions how many partitions the registry is split into; every registry server on
	 * one Redis must use the same number
	 */
	public RedisKeys(String prefix, int partitions) {
		if (partitions < 1 || partitions > SlotHash.SLOT_COUNT) {
			throw new IllegalArgumentException("partitions must be between 1 and " + SlotHash.SLOT_COUNT);
		}
		this.prefix = prefix;
		this.bases = IntStream.range(0, partitions).mapToObj((partition) -> prefix + ":{" + tag(partition, partitions) + "}")
			.toArray(String[]::new);
	}

	/**
	 * A hash tag whose slot lies in the middle of the partition's share of the slots, so that the
	 * partitions spread over a cluster's primaries as evenly as its slots do. The same on every
	 * server: the search is deterministic.
	 */
	private static String tag(int partition, int partitions) {
		int target = (int) ((2L * partition + 1) * SlotHash.SLOT_COUNT / (2L * partitions));
		for (int attempt = 0;; attempt++) {
			String candidate = "p" + partition + "." + attempt;
			if (SlotHash.getSlot(candidate) == target) {
				return candidate;
			}
		}
	}

	public String prefix() {
		return this.prefix;
	}

	public int partitions() {
		return this.bases.length;
	}

	/**
	 * The partition a service belongs to: the share of the slots its name's slot falls in.
	 * @param service the service
	 * @return the partition, from 0
	 */
	public int partitionOf(String service) {
		return (int) ((long) SlotHash.getSlot(service) * this.bases.length / SlotHash.SLOT_COUNT);
	}

	/**
	 * The key every other key of a partition starts with; scripts are sent with it as their only
	 * declared key, which routes them to the partition's node on Redis Cluster.
	 * @param partition the partition
	 * @return the base key
	 */
	public String base(int partition) {
		return this.bases[partition];
	}

	/** Which partitioning the keys were written with: every registry server must agree. */
	public String layout() {
		return this.prefix + ":layout";
	}

	public String events(int partition) {
		return base(partition) + ":events";
	}

	public String leases(int partition) {
		return base(partition) + ":leases";
	}

	public String services(int partition) {
		return base(partition) + ":services";
	}

	public String servicesUp(int partition) {
		return base(partition) + ":services:up";
	}

	/** The partition's health checks, each scored with when it is due next (see {@code scripts/lib.lua}). */
	public String checks(int partition) {
		return base(partition) + ":checks";
	}

	/** How each check of the partition has gone: failures, passes, failing since. */
	public String checkStates(int partition) {
		return base(partition) + ":checks:state";
	}

	/** The identity of the data a partition's Redis node holds: it changes when the node loses its data. */
	public String epoch(int partition) {
		return base(partition) + ":epoch";
	}

	/** When a reaper last ran on the partition, on Redis's clock: a long gap means an outage. */
	public String reaperLastRun(int partition) {
		return base(partition) + ":reaper:last-run";
	}

	/** When the partition's last outage ended: each of its leases gets one full term from then. */
	public String reaperResumed(int partition) {
		return base(partition) + ":reaper:resumed";
	}

	/** A short stream of the outages the reapers saw on the partition, for operators. */
	public String outages(int partition) {
		return base(partition) + ":outages";
	}

	/** The lease index holding the service's leases. */
	public String leases(String service) {
		return leases(partitionOf(service));
	}

	public String instances(String service) {
		return serviceKey(service, "instances");
	}

	public String revision(String service) {
		return serviceKey(service, "rev");
	}

	private String serviceKey(String service, String suffix) {
		return base(partitionOf(service)) + ":svc:" + service + ":" + suffix;
	}

}

package dev.beacon.discovery.catalog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.beacon.client.Instance;

/**
 * Instances the catalog knew that a later snapshot of the registry lacks, kept until their
 * lease would have ended. Such a snapshot follows Redis losing its data, when every instance
 * still alive registers again at its next heartbeat, a moment after the snapshot was taken; or a
 * watch that was away longer than the change log reaches, when the instances it lacks were
 * deregistered or expired meanwhile. Dropping them at once would leave a service with a single
 * instance without any in the first case; keeping them for one lease costs, in the second, the
 * same wait as an instance that dies without deregistering. An event about an instance, its
 * registration again above all, ends the wait for it. Not thread-safe: the catalog guards it.
 */
final class MissingInstances {

	private final Clock clock;

	private final Map<String, Kept> kept = new HashMap<>();

	MissingInstances(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Adds to a snapshot the instances the catalog knew that it lacks, while their lease lasts.
	 * An instance already waited for keeps its first deadline: a second snapshot does not extend
	 * it.
	 * @param known every instance the catalog knew, by service
	 * @param snapshot every instance of the snapshot, by service; the kept ones are added to it
	 * @return how many instances were kept
	 */
	int keep(Map<String, List<Instance>> known, Map<String, List<Instance>> snapshot) {
		Instant now = this.clock.instant();
		Map<String, Kept> stillMissing = new HashMap<>();
		known.forEach((service, instances) -> {
			Set<String> present = new HashSet<>();
			snapshot.getOrDefault(service, List.of()).forEach((instance) -> present.add(instance.id()));
			for (Instance instance : instances) {
				if (present.contains(instance.id())) {
					continue;
				}
				Kept previous = this.kept.get(key(service, instance.id()));
				Instant until = (previous != null) ? previous.until()
						: now.plusSeconds(Math.max(instance.ttlSeconds(), 1));
				if (until.isAfter(now)) {
					stillMissing.put(key(service, instance.id()), new Kept(service, instance.id(), until));
					snapshot.computeIfAbsent(service, (name) -> new ArrayList<>()).add(instance);
				}
			}
		});
		this.kept.clear();
		this.kept.putAll(stillMissing);
		return stillMissing.size();
	}

	/**
	 * The registry spoke of this instance again: whatever it said replaces the kept one.
	 * @param service the instance's service
	 * @param id the instance's id
	 */
	void heardOf(String service, String id) {
		this.kept.remove(key(service, id));
	}

	/**
	 * Stops keeping the instances whose lease ended.
	 * @return them, by service
	 */
	Map<String, Set<String>> expire() {
		Instant now = this.clock.instant();
		Map<String, Set<String>> expired = new HashMap<>();
		this.kept.values().removeIf((kept) -> {
			if (kept.until().isAfter(now)) {
				return false;
			}
			expired.computeIfAbsent(kept.service(), (service) -> new HashSet<>()).add(kept.id());
			return true;
		});
		return expired;
	}

	/**
	 * How long until the next kept instance's lease ends.
	 * @return the wait, or {@code null} when none is kept
	 */
	@Nullable Duration untilNextExpiry() {
		Instant now = this.clock.instant();
		return this.kept.values()
			.stream()
			.map(Kept::until)
			.min(Instant::compareTo)
			.map((until) -> until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO)
			.orElse(null);
	}

	private static String key(String service, String id) {
		return service + '\u0000' + id;
	}

	private record Kept(String service, String id, Instant until) {
	}

}

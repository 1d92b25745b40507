package dev.beacon.registry.store;

import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.IntStream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.ServiceSummary;
import dev.beacon.client.WireCodec;
import dev.beacon.registry.store.HeartbeatBatcher.Heartbeat;
import dev.beacon.registry.store.InstanceStore.Registration.Outcome;

/**
 * {@link InstanceStore} on Redis: each call is one Lua script, so a change and its revision
 * and event are written together or not at all.
 */
public final class RedisInstanceStore implements InstanceStore {

	/** Services per script when a snapshot is read in chunks: a few milliseconds of Redis each. */
	static final int SNAPSHOT_CHUNK = 50;

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	private final String maxLength;

	private final InstanceCodec codec;

	private final RegistryScripts scripts = new RegistryScripts();

	/**
	 * One per partition: a batch waits for the one before it, and a partition that cannot be
	 * written (its Redis Cluster primary failing over) must hold up only its own heartbeats.
	 */
	private final HeartbeatBatcher[] heartbeats;

	public RedisInstanceStore(ReactiveStringRedisTemplate redis, RedisKeys keys, long changeLogMaxLength,
			WireCodec wire) {
		this.redis = redis;
		this.keys = keys;
		this.maxLength = Long.toString(changeLogMaxLength);
		this.codec = new InstanceCodec(wire);
		this.heartbeats = IntStream.range(0, keys.partitions())
			.mapToObj((partition) -> new HeartbeatBatcher((batch) -> renewAll(partition, batch)))
			.toArray(HeartbeatBatcher[]::new);
	}

	@Override
	public Mono<Registration> register(Instance instance) {
		return runForTable(this.scripts.register, partitionOf(instance.service()), instance.service(), instance.id(),
				this.codec.encode(instance),
				instance.status().name(), Long.toString(instance.ttlSeconds() * 1000L),
				(instance.check() != null) ? Long.toString(instance.check().interval().toMillis()) : "")
			.map((reply) -> new Registration(Outcome.valueOf(reply.get(0).toUpperCase(Locale.ROOT)),
					Long.parseLong(reply.get(1))));
	}

	@Override
	public Mono<Renewal> renew(String service, String id, @Nullable InstanceStatus status) {
		return this.heartbeats[partitionOf(service)]
			.submit(new Heartbeat(service, id, (status != null) ? status.name() : ""))
			.map(RedisInstanceStore::renewal);
	}

	@Override
	public Mono<Renewal> changeStatus(String service, String id, InstanceStatus status) {
		return run(this.scripts.renew, partitionOf(service), service, id, status.name(), "0")
			.map(RedisInstanceStore::renewal);
	}

	private Mono<List<String>> renewAll(int partition, List<Heartbeat> batch) {
		String[] args = new String[batch.size() * 3];
		int i = 0;
		for (Heartbeat heartbeat : batch) {
			args[i++] = heartbeat.service();
			args[i++] = heartbeat.id();
			args[i++] = heartbeat.status();
		}
		return runForTable(this.scripts.renewBatch, partition, args);
	}

	private static Renewal renewal(String reply) {
		return switch (reply) {
			case "unknown" -> Renewal.UNKNOWN;
			case "renewed" -> Renewal.RENEWED;
			case "changed" -> Renewal.CHANGED;
			default -> throw new IllegalStateException("Unexpected renewal outcome from Redis: " + reply);
		};
	}

	@Override
	public Mono<Long> deregister(String service, String id) {
		return runForTable(this.scripts.deregister, partitionOf(service), service, id).filter((reply) -> !reply.isEmpty())
			.map((reply) -> Long.parseLong(reply.get(0)));
	}

	@Override
	public Flux<ServiceSummary> services() {
		return Flux.range(0, this.keys.partitions())
			.flatMap(this::servicesIn)
			.sort((a, b) -> a.service().compareTo(b.service()));
	}

	private Flux<ServiceSummary> servicesIn(int partition) {
		Mono<Map<String, String>> up = this.redis.<String, String>opsForHash()
			.entries(this.keys.servicesUp(partition))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		return up.flatMapMany((upCounts) -> this.redis.<String, String>opsForHash()
			.entries(this.keys.services(partition))
			.map((entry) -> new ServiceSummary(entry.getKey(), Integer.parseInt(entry.getValue()),
					Integer.parseInt(upCounts.getOrDefault(entry.getKey(), "0")))));
	}

	@Override
	public Mono<ServiceInstances> service(String service) {
		return runForLines(this.scripts.readService, partitionOf(service), service)
			.map((reply) -> readService(service, reply.get(0), reply, 1, (reply.size() - 1) / 3));
	}

	/**
	 * Reads one service of a script's reply: its instances are {@code count} triples of id,
	 * status and stored document, from index {@code from}.
	 */
	private ServiceInstances readService(String service, String revision, List<String> reply, int from, int count) {
		List<Instance> instances = new ArrayList<>(count);
		for (int i = from; i < from + count * 3; i += 3) {
			instances.add(this.codec.decode(service, reply.get(i), reply.get(i + 1), reply.get(i + 2)));
		}
		return new ServiceInstances(service, Long.parseLong(revision), instances);
	}

	/**
	 * Reads each partition's part of the snapshot, all partitions at once, and puts their
	 * positions together into the snapshot's cursor.
	 */
	@Override
	public Mono<Snapshot> snapshot(Collection<String> services) {
		Map<Integer, List<String>> byPartition = new TreeMap<>();
		if (services.isEmpty()) {
			for (int partition = 0; partition < this.keys.partitions(); partition++) {
				byPartition.put(partition, List.of());
			}
		}
		for (String service : services) {
			byPartition.computeIfAbsent(partitionOf(service), (partition) -> new ArrayList<>()).add(service);
		}
		LogCursor[] cursor = { LogCursor.start(this.keys.partitions()) };
		List<ServiceInstances> read = new ArrayList<>();
		return Flux.fromIterable(byPartition.entrySet())
			.flatMap((entry) -> snapshot(entry.getKey(), entry.getValue()))
			.doOnNext((part) -> {
				cursor[0] = cursor[0].with(part.partition(), part.position());
				read.addAll(part.services());
			})
			.then(Mono.fromSupplier(() -> new Snapshot(cursor[0], inOrder(read, services))));
	}

	/** The services in the order they were asked for, or by name when all were. */
	private static List<ServiceInstances> inOrder(List<ServiceInstances> read, Collection<String> asked) {
		if (asked.isEmpty()) {
			return read.stream().sorted(Comparator.comparing(ServiceInstances::service)).toList();
		}
		Map<String, ServiceInstances> byName = new HashMap<>();
		read.forEach((service) -> byName.put(service.service(), service));
		return asked.stream().map(byName::get).filter(Objects::nonNull).toList();
	}

	/**
	 * Reads the services of one partition's part of a snapshot a chunk at a time. One script
	 * over a catalog of 100,000 instances held Redis for seconds, long enough for every other
	 * command of every registry server to time out; a chunk takes milliseconds. A few services
	 * are still read in one script. Otherwise the position comes first, read with the names of
	 * the services: a change made while the chunks are read is then both in a later chunk and
	 * among the events after the position, and since each event carries the whole state of its
	 * instance, a watcher that applies those events to the snapshot ends with the same
	 * instances either way.
	 */
	private Mono<SnapshotPart> snapshot(int partition, List<String> services) {
		if (!services.isEmpty() && services.size() <= SNAPSHOT_CHUNK) {
			return runForLines(this.scripts.snapshot, partition, services.toArray(String[]::new))
				.map((reply) -> new SnapshotPart(partition, LogPosition.parse(reply.get(0)), servicesIn(reply)));
		}
		return runForLines(this.scripts.snapshotStart, partition, services.toArray(String[]::new)).flatMap((start) -> {
			List<String> names = start.subList(1, start.size());
			List<List<String>> chunks = new ArrayList<>();
			for (int from = 0; from < names.size(); from += SNAPSHOT_CHUNK) {
				chunks.add(names.subList(from, Math.min(names.size(), from + SNAPSHOT_CHUNK)));
			}
			return Flux.fromIterable(chunks)
				.concatMap((chunk) -> runForLines(this.scripts.snapshot, partition, chunk.toArray(String[]::new)))
				.concatMapIterable(this::servicesIn)
				.collectList()
				.map((read) -> new SnapshotPart(partition, LogPosition.parse(start.get(0)), read));
		});
	}

	private record SnapshotPart(int partition, LogPosition position, List<ServiceInstances> services) {
	}

	/** The services of a snapshot script's reply, after its position: name, revision, count, then the instances. */
	private List<ServiceInstances> servicesIn(List<String> reply) {
		List<ServiceInstances> services = new ArrayList<>();
		int i = 1;
		while (i < reply.size()) {
			int count = Integer.parseInt(reply.get(i + 2));
			services.add(readService(reply.get(i), reply.get(i + 1), reply, i + 3, count));
			i += 3 + count * 3;
		}
		return services;
	}

	/** Evicts in every partition at once; the batch size holds per partition. */
	@Override
	public Mono<Eviction> evictExpired(int batchSize, ExpiryRules rules, boolean wasAway) {
		return Flux.range(0, this.keys.partitions())
			.flatMap((partition) -> evictExpired(partition, batchSize, rules, wasAway))
			.reduce(Eviction::plus);
	}

	private Mono<Eviction> evictExpired(int partition, int batchSize, ExpiryRules rules, boolean wasAway) {
		return runForTable(this.scripts.evict, partition, Integer.toString(batchSize),
				Long.toString(rules.outageAfter().toMillis()), wasAway ? "1" : "0", Double.toString(rules.maxShare()),
				Long.toString(rules.window().toMillis()))
			.map((reply) -> {
				int evicted = Integer.parseInt(reply.get(3));
				return new Eviction("1".equals(reply.get(0)), Integer.parseInt(reply.get(1)),
						Integer.parseInt(reply.get(2)), List.copyOf(reply.subList(4, 4 + evicted)),
						List.copyOf(reply.subList(4 + evicted, reply.size())));
			});
	}

	private int partitionOf(String service) {
		return this.keys.partitionOf(service);
	}

	private Mono<String> run(RedisScript<String> script, int partition, String... args) {
		return this.redis.execute(script, List.of(this.keys.base(partition)), arguments(args)).next();
	}

	/**
	 * Runs a read whose reply is one bulk string, an element per line: Lettuce decodes one
	 * large string far faster than a multi-bulk reply of thousands of small elements, which is
	 * what a read of a large service or a snapshot would otherwise be.
	 */
	private Mono<List<String>> runForLines(RedisScript<String> script, int partition, String... args) {
		return run(script, partition, args).map((reply) -> reply.isEmpty() ? List.of() : Arrays.asList(reply.split("\n", -1)));
	}

	@SuppressWarnings("unchecked")
	private Mono<List<String>> runForTable(RedisScript<List> script, int partition, String... args) {
		return this.redis.execute(script, List.of(this.keys.base(partition)), arguments(args)).next().map((reply) -> (List<String>) reply);
	}

	private List<String> arguments(String... args) {
		List<String> all = new ArrayList<>(args.length + 1);
		all.add(this.maxLength);
		all.addAll(Arrays.asList(args));
		return all;
	}

}

package dev.beacon.registry.store;

import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

	private final HeartbeatBatcher heartbeats = new HeartbeatBatcher(this::renewAll);

	public RedisInstanceStore(ReactiveStringRedisTemplate redis, RedisKeys keys, long changeLogMaxLength,
			WireCodec wire) {
		this.redis = redis;
		this.keys = keys;
		this.maxLength = Long.toString(changeLogMaxLength);
		this.codec = new InstanceCodec(wire);
	}

	@Override
	public Mono<Registration> register(Instance instance) {
		return runForTable(this.scripts.register, instance.service(), instance.id(), this.codec.encode(instance),
				instance.status().name(), Long.toString(instance.ttlSeconds() * 1000L))
			.map((reply) -> new Registration(Outcome.valueOf(reply.get(0).toUpperCase(Locale.ROOT)),
					Long.parseLong(reply.get(1))));
	}

	@Override
	public Mono<Renewal> renew(String service, String id, @Nullable InstanceStatus status) {
		return this.heartbeats.submit(new Heartbeat(service, id, (status != null) ? status.name() : ""))
			.map(RedisInstanceStore::renewal);
	}

	@Override
	public Mono<Renewal> changeStatus(String service, String id, InstanceStatus status) {
		return run(this.scripts.renew, service, id, status.name(), "0").map(RedisInstanceStore::renewal);
	}

	private Mono<List<String>> renewAll(List<Heartbeat> batch) {
		String[] args = new String[batch.size() * 3];
		int i = 0;
		for (Heartbeat heartbeat : batch) {
			args[i++] = heartbeat.service();
			args[i++] = heartbeat.id();
			args[i++] = heartbeat.status();
		}
		return runForTable(this.scripts.renewBatch, args);
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
		return runForTable(this.scripts.deregister, service, id).filter((reply) -> !reply.isEmpty())
			.map((reply) -> Long.parseLong(reply.get(0)));
	}

	@Override
	public Flux<ServiceSummary> services() {
		Mono<Map<String, String>> up = this.redis.<String, String>opsForHash()
			.entries(this.keys.servicesUp())
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
		return up.flatMapMany((upCounts) -> this.redis.<String, String>opsForHash()
			.entries(this.keys.services())
			.map((entry) -> new ServiceSummary(entry.getKey(), Integer.parseInt(entry.getValue()),
					Integer.parseInt(upCounts.getOrDefault(entry.getKey(), "0")))))
			.sort((a, b) -> a.service().compareTo(b.service()));
	}

	@Override
	public Mono<ServiceInstances> service(String service) {
		return runForLines(this.scripts.readService, service)
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
	 * Reads the services of a snapshot a chunk at a time. One script over a catalog of 100,000
	 * instances held Redis for seconds, long enough for every other command of every registry
	 * server to time out; a chunk takes milliseconds. A few services are still read in one
	 * script. Otherwise the position comes first, read with the names of the services: a change
	 * made while the chunks are read is then both in a later chunk and among the events after
	 * the position, and since each event carries the whole state of its instance, a watcher that
	 * applies those events to the snapshot ends with the same instances either way.
	 */
	@Override
	public Mono<Snapshot> snapshot(Collection<String> services) {
		if (!services.isEmpty() && services.size() <= SNAPSHOT_CHUNK) {
			return runForLines(this.scripts.snapshot, services.toArray(String[]::new))
				.map((reply) -> new Snapshot(LogPosition.parse(reply.get(0)), servicesIn(reply)));
		}
		return runForLines(this.scripts.snapshotStart, services.toArray(String[]::new)).flatMap((start) -> {
			List<String> names = start.subList(1, start.size());
			List<List<String>> chunks = new ArrayList<>();
			for (int from = 0; from < names.size(); from += SNAPSHOT_CHUNK) {
				chunks.add(names.subList(from, Math.min(names.size(), from + SNAPSHOT_CHUNK)));
			}
			return Flux.fromIterable(chunks)
				.concatMap((chunk) -> runForLines(this.scripts.snapshot, chunk.toArray(String[]::new)))
				.concatMapIterable(this::servicesIn)
				.collectList()
				.map((read) -> new Snapshot(LogPosition.parse(start.get(0)), read));
		});
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

	@Override
	public Mono<Eviction> evictExpired(int batchSize, ExpiryRules rules, boolean wasAway) {
		return runForTable(this.scripts.evict, Integer.toString(batchSize), Long.toString(rules.outageAfter().toMillis()),
				wasAway ? "1" : "0", Double.toString(rules.maxShare()), Long.toString(rules.window().toMillis()))
			.map((reply) -> {
				int evicted = Integer.parseInt(reply.get(3));
				return new Eviction("1".equals(reply.get(0)), Integer.parseInt(reply.get(1)),
						Integer.parseInt(reply.get(2)), List.copyOf(reply.subList(4, 4 + evicted)),
						List.copyOf(reply.subList(4 + evicted, reply.size())));
			});
	}

	private Mono<String> run(RedisScript<String> script, String... args) {
		return this.redis.execute(script, List.of(), arguments(args)).next();
	}

	/**
	 * Runs a read whose reply is one bulk string, an element per line: Lettuce decodes one
	 * large string far faster than a multi-bulk reply of thousands of small elements, which is
	 * what a read of a large service or a snapshot would otherwise be.
	 */
	private Mono<List<String>> runForLines(RedisScript<String> script, String... args) {
		return run(script, args).map((reply) -> reply.isEmpty() ? List.of() : Arrays.asList(reply.split("\n", -1)));
	}

	@SuppressWarnings("unchecked")
	private Mono<List<String>> runForTable(RedisScript<List> script, String... args) {
		return this.redis.execute(script, List.of(), arguments(args)).next().map((reply) -> (List<String>) reply);
	}

	private List<String> arguments(String... args) {
		List<String> all = new ArrayList<>(args.length + 2);
		all.add(this.keys.prefix());
		all.add(this.maxLength);
		all.addAll(Arrays.asList(args));
		return all;
	}

}

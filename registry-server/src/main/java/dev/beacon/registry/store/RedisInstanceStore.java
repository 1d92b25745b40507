package dev.beacon.registry.store;

import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.beacon.registry.store.InstanceStore.Registration.Outcome;

/**
 * {@link InstanceStore} on Redis: each call is one Lua script, so a change and its revision
 * and event are written together or not at all.
 */
public final class RedisInstanceStore implements InstanceStore {

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	private final String maxLength;

	private final InstanceCodec codec;

	private final RegistryScripts scripts = new RegistryScripts();

	public RedisInstanceStore(ReactiveStringRedisTemplate redis, RedisKeys keys, long changeLogMaxLength,
			JsonMapper jsonMapper) {
		this.redis = redis;
		this.keys = keys;
		this.maxLength = Long.toString(changeLogMaxLength);
		this.codec = new InstanceCodec(jsonMapper);
	}

	@Override
	public Mono<Registration> register(Instance instance) {
		return run(this.scripts.register, instance.service(), instance.id(), this.codec.encode(instance),
				instance.status().name(), Long.toString(instance.ttlSeconds() * 1000L))
			.map((reply) -> {
				String[] words = reply.split(" ");
				Outcome outcome = Outcome.valueOf(words[0].toUpperCase());
				return new Registration(outcome, Long.parseLong(words[1]));
			});
	}

	@Override
	public Mono<Renewal> renew(String service, String id, @Nullable InstanceStatus status) {
		return renewal(service, id, status, true);
	}

	@Override
	public Mono<Renewal> changeStatus(String service, String id, InstanceStatus status) {
		return renewal(service, id, status, false);
	}

	private Mono<Renewal> renewal(String service, String id, @Nullable InstanceStatus status, boolean renewLease) {
		return run(this.scripts.renew, service, id, (status != null) ? status.name() : "", renewLease ? "1" : "0")
			.map((reply) -> switch (reply) {
				case "unknown" -> Renewal.UNKNOWN;
				case "renewed" -> Renewal.RENEWED;
				default -> Renewal.CHANGED;
			});
	}

	@Override
	public Mono<Long> deregister(String service, String id) {
		return run(this.scripts.deregister, service, id).filter((reply) -> !reply.equals("unknown"))
			.map((reply) -> Long.parseLong(reply.split(" ")[1]));
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
		return runForList(this.scripts.readService, service).map((reply) -> {
			List<Instance> instances = new ArrayList<>();
			for (int i = 1; i + 2 < reply.size(); i += 3) {
				instances.add(this.codec.decode(service, reply.get(i), reply.get(i + 1), reply.get(i + 2)));
			}
			return new ServiceInstances(service, Long.parseLong(reply.get(0)), instances);
		});
	}

	@Override
	public Mono<Snapshot> snapshot(Collection<String> services) {
		return runForList(this.scripts.snapshot, services.toArray(String[]::new)).map((reply) -> {
			List<ServiceInstances> result = new ArrayList<>();
			int i = 1;
			while (i < reply.size()) {
				String service = reply.get(i);
				long revision = Long.parseLong(reply.get(i + 1));
				int count = Integer.parseInt(reply.get(i + 2));
				i += 3;
				List<Instance> instances = new ArrayList<>(count);
				for (int n = 0; n < count; n++, i += 3) {
					instances.add(this.codec.decode(service, reply.get(i), reply.get(i + 1), reply.get(i + 2)));
				}
				result.add(new ServiceInstances(service, revision, instances));
			}
			return new Snapshot(LogPosition.parse(reply.get(0)), result);
		});
	}

	@Override
	public Flux<String> evictExpired(int batchSize) {
		return run(this.scripts.evict, Integer.toString(batchSize))
			.flatMapIterable((reply) -> reply.isEmpty() ? List.of() : Arrays.asList(reply.split("\n")));
	}

	private Mono<String> run(RedisScript<String> script, String... args) {
		return this.redis.execute(script, List.of(), arguments(args)).next();
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private Mono<List<String>> runForList(RedisScript<List> script, String... args) {
		// Lettuce emits the elements of a multi-bulk reply one by one
		return this.redis.execute(script, List.of(), arguments(args))
			.flatMapIterable((element) -> (element instanceof List<?> list) ? (List<Object>) list : List.of(element))
			.map(String::valueOf)
			.collectList();
	}

	private List<String> arguments(String... args) {
		List<String> all = new ArrayList<>(args.length + 2);
		all.add(this.keys.prefix());
		all.add(this.maxLength);
		all.addAll(Arrays.asList(args));
		return all;
	}

}

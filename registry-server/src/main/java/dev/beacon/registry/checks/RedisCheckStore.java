package dev.beacon.registry.checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.beacon.client.Check;
import dev.beacon.client.WireCodec;
import dev.beacon.registry.store.RedisKeys;
import dev.beacon.registry.store.RegistryScripts;

/**
 * {@link CheckStore} on Redis: each partition keeps its checks in a sorted set by next turn, and
 * one script claims the due ones and moves them to their next turn, so that a check is run by
 * one server per interval however many look. Results are recorded by a script built on the
 * registry's own library, so a status change or removal is one event like any other.
 */
final class RedisCheckStore implements CheckStore, CheckProgressReader {

	@SuppressWarnings("rawtypes")
	private final RedisScript<List> claim = RegistryScripts.script("claim-checks", List.class);

	private final RedisScript<String> result = RegistryScripts.script("check-result", String.class);

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	private final String maxLength;

	private final WireCodec codec;

	RedisCheckStore(ReactiveStringRedisTemplate redis, RedisKeys keys, long changeLogMaxLength, WireCodec codec) {
		this.redis = redis;
		this.keys = keys;
		this.maxLength = Long.toString(changeLogMaxLength);
		this.codec = codec;
	}

	@Override
	public Flux<DueCheck> claimDue(int limit) {
		String perPartition = Integer.toString(Math.max(1, limit / this.keys.partitions()));
		return Flux.range(0, this.keys.partitions())
			.flatMap((partition) -> this.redis.execute(this.claim, List.of(this.keys.base(partition)),
					List.of(this.maxLength, perPartition)))
			.flatMapIterable(this::dueChecks);
	}

	@SuppressWarnings("unchecked")
	private List<DueCheck> dueChecks(List<?> reply) {
		List<String> fields = (List<String>) reply;
		List<DueCheck> due = new ArrayList<>(fields.size() / 4);
		for (int i = 0; i < fields.size(); i += 4) {
			due.add(new DueCheck(fields.get(i), fields.get(i + 1), this.codec.decodeRegistration(fields.get(i + 2)),
					Duration.ofMillis(Long.parseLong(fields.get(i + 3)))));
		}
		return due;
	}

	@Override
	public Mono<CheckProgress> progress(String service, String id) {
		int partition = this.keys.partitionOf(service);
		String member = service + "/" + id;
		// the state is written as 'failures passes failingSince' by check-result.lua
		Mono<String> state = this.redis.<String, String>opsForHash()
			.get(this.keys.checkStates(partition), member)
			.defaultIfEmpty("0 0 0");
		return this.redis.opsForZSet()
			.score(this.keys.checks(partition), member)
			.zipWith(state, (nextRun, recorded) -> {
				String[] fields = recorded.split(" ");
				return new CheckProgress(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]),
						Long.parseLong(fields[2]), nextRun.longValue());
			});
	}

	@Override
	public Mono<CheckOutcome> record(DueCheck due, boolean passed, StatusRules rules) {
		Check check = due.check();
		Duration deregisterAfter = (check.deregisterAfter() != null) ? check.deregisterAfter() : Duration.ZERO;
		return this.redis
			.execute(this.result, List.of(this.keys.base(this.keys.partitionOf(due.service()))),
					List.of(this.maxLength, due.service(), due.id(), passed ? "1" : "0",
							Integer.toString(rules.failuresBeforeDown()), Integer.toString(rules.passesBeforeUp()),
							Long.toString(deregisterAfter.toMillis()), Long.toString(due.lease().toMillis())))
			.next()
			.map((outcome) -> CheckOutcome.valueOf(outcome.toUpperCase(Locale.ROOT)));
	}

}

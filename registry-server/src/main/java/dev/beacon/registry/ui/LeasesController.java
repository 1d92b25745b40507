package dev.beacon.registry.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.beacon.registry.store.RedisKeys;
import dev.beacon.registry.store.RegistryScripts;
import dev.beacon.registry.web.ApiProblems;
import dev.beacon.registry.web.RequestAuthorization;

/**
 * The time left on each lease of one service, and since when each instance is registered, for
 * the dashboard's service page. Heartbeats renew leases without an event, and no document of
 * the API carries either, so the page asks for the one service it shows, allowed to whoever may
 * read that service.
 */
@RestController
@ConditionalOnBooleanProperty(name = "beacon.registry.ui.enabled", matchIfMissing = true)
class LeasesController {

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> LEASES = RegistryScripts.script("leases", List.class);

	private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	private final RequestAuthorization authorization;

	LeasesController(ReactiveStringRedisTemplate redis, RedisKeys keys, RequestAuthorization authorization) {
		this.redis = redis;
		this.keys = keys;
		this.authorization = authorization;
	}

	@GetMapping("/ui/api/services/{service}/leases")
	Mono<ResponseEntity<Object>> leases(@PathVariable String service, ServerHttpRequest request) {
		String path = request.getPath().value();
		if (!SERVICE.matcher(service).matches()) {
			return Mono.just(UiProblems.answer(ApiProblems.problem(HttpStatus.BAD_REQUEST,
					"service must be a service name: [a-z0-9][a-z0-9-]{0,62}", "service", path)));
		}
		return this.authorization.decide(request, "/v1/services/" + service).flatMap((decision) -> {
			if (!decision.granted()) {
				return Mono.just(UiProblems.answer(ApiProblems.refused(decision, path)));
			}
			return read(service).map((times) -> ResponseEntity.ok().<Object>body(times));
		});
	}

	@SuppressWarnings("unchecked")
	private Mono<LeaseTimes> read(String service) {
		String base = this.keys.base(this.keys.partitionOf(service));
		return this.redis.execute(LEASES, List.of(base), List.of("0", service)).next().map((reply) -> {
			List<Object> values = (List<Object>) reply;
			long now = Long.parseLong(values.get(0).toString());
			Map<String, Long> left = new LinkedHashMap<>();
			Map<String, Long> ago = new LinkedHashMap<>();
			for (int i = 1; i + 2 < values.size(); i += 3) {
				String id = values.get(i).toString();
				String end = values.get(i + 1).toString();
				String since = values.get(i + 2).toString();
				if (!end.isEmpty()) {
					left.put(id, Math.max(0, (long) Double.parseDouble(end) - now));
				}
				if (!since.isEmpty()) {
					ago.put(id, Math.max(0, now - Long.parseLong(since)));
				}
			}
			return new LeaseTimes(service, left, ago);
		});
	}

}

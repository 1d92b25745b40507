package dev.beacon.registry.web;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.beacon.client.Check;
import dev.beacon.client.CheckState;
import dev.beacon.client.Instance;
import dev.beacon.client.WireCodec;
import dev.beacon.registry.checks.CheckProgressReader;
import dev.beacon.registry.store.InstanceStore;

/**
 * Where an instance's health check stands: failures or passes in a row, since when it fails,
 * when it runs next. Read from Redis on every call, not from the read cache: the runs change it
 * without a revision of the service, and an operator asks this to learn why an instance is
 * {@code DOWN}.
 */
@RestController
class CheckStateController {

	private final InstanceStore store;

	private final CheckProgressReader progress;

	private final WireCodec codec;

	CheckStateController(InstanceStore store, CheckProgressReader progress, WireCodec codec) {
		this.store = store;
		this.progress = progress;
		this.codec = codec;
	}

	@GetMapping(path = "/v1/services/{service}/instances/{id}/check", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<String>> check(@PathVariable String service, @PathVariable String id) {
		return InstanceLookup.registered(this.store, service, id)
			.flatMap((instance) -> state(instance, service, id))
			.map((state) -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.codec.encode(state)));
	}

	private Mono<CheckState> state(Instance instance, String service, String id) {
		Check check = instance.check();
		Mono<CheckState> state = (check != null) ? this.progress.progress(service, id)
			.map((progress) -> new CheckState(check, progress.failures(), progress.passes(),
					progress.failingSinceMillis(), progress.nextRunMillis())) : Mono.empty();
		return state.switchIfEmpty(Mono.error(
				() -> new NotFoundException("Instance '" + id + "' of service '" + service + "' has no health check")));
	}

}

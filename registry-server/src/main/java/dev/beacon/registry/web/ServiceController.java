package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.beacon.client.InstanceStatus;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.WireCodec;
import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.feed.ChangeFeed;
import dev.beacon.registry.security.Caller;
import dev.beacon.registry.feed.Watcher;
import dev.beacon.registry.store.InstanceStore;

/**
 * Reads of services: the catalog with counts, and one service's instances, optionally as a
 * blocking query that returns when the service's revision passes a given index.
 */
@RestController
@RequestMapping(path = "/v1/services", produces = MediaType.APPLICATION_JSON_VALUE)
class ServiceController {

	private final InstanceStore store;

	private final ChangeFeed feed;

	private final WaitParser waits;

	private final OpenStreams openStreams;

	private final WireCodec codec;

	ServiceController(InstanceStore store, ChangeFeed feed, RegistryProperties properties, WireCodec codec,
			OpenStreams openStreams) {
		this.store = store;
		this.openStreams = openStreams;
		this.feed = feed;
		this.codec = codec;
		this.waits = new WaitParser(properties.watch().defaultWait(), properties.watch().maxWait());
	}

	/** The services the caller's token may read. */
	@GetMapping
	Mono<ResponseEntity<String>> services(ServerWebExchange exchange) {
		Caller caller = Callers.of(exchange);
		return this.store.services()
			.filter((summary) -> caller.mayRead(summary.service()))
			.collectList()
			.map((services) -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.codec.encodeServices(services)));
	}

	@GetMapping("/{service}")
	Mono<ResponseEntity<String>> service(@PathVariable String service,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String index, @RequestParam(required = false) @Nullable String wait,
			ServerWebExchange exchange) {
		RequestValidator.service(service);
		@Nullable InstanceStatus only = (status != null) ? RequestValidator.status("status", status) : null;
		// wait is checked even without an index, so a typo never passes silently
		Duration waitFor = this.waits.parse(wait);
		Mono<ServiceInstances> read = (index != null)
				? awaitRevision(service, parseIndex(index), waitFor, Callers.of(exchange).name())
				: this.store.service(service);
		return read.map((instances) -> ResponseEntity.ok()
			.header(Revisions.HEADER, Long.toString(instances.revision()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.codec.encode((only != null) ? withStatus(instances, only) : instances)));
	}

	/**
	 * Answers at once when the revision differs from the index (it passed it, or went back
	 * because Redis lost its data), else when the next change arrives or the wait ends.
	 */
	private Mono<ServiceInstances> awaitRevision(String service, long index, Duration wait, String token) {
		OpenStreams.Place place = this.openStreams.take(token);
		return Mono.using(() -> this.feed.open(service::equals), (watcher) -> this.store.service(service)
			.flatMap((current) -> (current.revision() != index) ? Mono.just(current)
					: nextChange(watcher, index, wait).then(this.store.service(service))),
				Watcher::close)
			.doFinally((signal) -> place.close());
	}

	private static Mono<Void> nextChange(Watcher watcher, long index, Duration wait) {
		return watcher.events().filter((event) -> event.revision() > index).next().then()
			.timeout(wait, Mono.empty())
			.onErrorComplete();
	}

	private static long parseIndex(String index) {
		try {
			long value = Long.parseLong(index);
			if (value >= 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// refused below
		}
		throw new InvalidRequestException("index", "index must be a revision: a whole number of at least 0");
	}

	private static ServiceInstances withStatus(ServiceInstances instances, InstanceStatus status) {
		return new ServiceInstances(instances.service(), instances.revision(),
				instances.instances().stream().filter((instance) -> instance.status() == status).toList());
	}

}

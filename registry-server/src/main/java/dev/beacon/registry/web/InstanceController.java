package dev.beacon.registry.web;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.beacon.client.Delivery;
import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.WireCodec;
import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.feed.DeliveryConfirmations;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.InstanceStore.Registration;
import dev.beacon.registry.store.InstanceStore.Renewal;
import dev.beacon.registry.store.InstanceStore;

/**
 * Registration, heartbeat, status change and deregistration of one instance. Each change is
 * logged once, with the name of the token that made it (the audit line), and counted by it.
 */
@RestController
@RequestMapping(path = "/v1/services/{service}/instances/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
class InstanceController {

	private static final Log logger = LogFactory.getLog(InstanceController.class);

	private final InstanceStore store;

	private final RequestValidator validator;

	private final RegistryMetrics metrics;

	private final Heartbeats heartbeats;

	private final ServiceDocuments documents;

	private final WireCodec codec;

	private final DeliveryConfirmations confirmations;

	private final WaitParser awaitTimeouts = new WaitParser("timeout", Duration.ofSeconds(5), Duration.ofMinutes(1));

	InstanceController(InstanceStore store, RegistryProperties properties, RegistryMetrics metrics,
			Heartbeats heartbeats, ServiceDocuments documents, WireCodec codec, DeliveryConfirmations confirmations) {
		this.confirmations = confirmations;
		this.store = store;
		this.validator = new RequestValidator(properties.lease().defaultTtl(), properties.lease().maxTtl(),
				properties.checks());
		this.metrics = metrics;
		this.heartbeats = heartbeats;
		this.documents = documents;
		this.codec = codec;
	}

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<String>> register(@PathVariable String service, @PathVariable String id,
			@RequestBody(required = false) @Nullable InstanceRequest request, ServerWebExchange exchange) {
		String token = Callers.of(exchange).name();
		Instance instance = this.validator.instance(RequestValidator.service(service),
				RequestValidator.instanceId(id), request);
		return this.store.register(instance).map((registration) -> {
			this.documents.forget(service);
			if (registration.outcome() != Registration.Outcome.UNCHANGED) {
				this.metrics.registered(token);
				logger.info("Registered " + service + "/" + id + " at " + instance.host() + ":" + instance.port()
						+ " as " + instance.status() + " (" + registration.outcome().name().toLowerCase() + ") by token '"
						+ token + "'");
			}
			HttpStatus status = (registration.outcome() == Registration.Outcome.CREATED) ? HttpStatus.CREATED
					: HttpStatus.OK;
			return ResponseEntity.status(status)
				.header(Revisions.HEADER, Long.toString(registration.revision()))
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.codec.encode(instance));
		});
	}

	/** Heartbeats that {@link HeartbeatHttpHandler} leaves to the chain, for their body's form. */
	@PutMapping("/heartbeat")
	Mono<ResponseEntity<Void>> heartbeat(@PathVariable String service, @PathVariable String id,
			@RequestBody(required = false) @Nullable StatusRequest request, ServerWebExchange exchange) {
		return this.heartbeats.renew(service, id, (request != null) ? request.status() : null, Callers.of(exchange).name())
			.then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
	}

	/** Sets a status; {@code await=delivered} waits as for a removal. */
	@PutMapping(path = "/status", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<String>> changeStatus(@PathVariable String service, @PathVariable String id,
			@RequestBody(required = false) @Nullable StatusRequest request,
			@RequestParam(required = false) @Nullable String await, @RequestParam(required = false) @Nullable String timeout,
			ServerWebExchange exchange) {
		String token = Callers.of(exchange).name();
		RequestValidator.service(service);
		RequestValidator.instanceId(id);
		InstanceStatus status = RequestValidator.status("status", (request != null) ? request.status() : null);
		@Nullable Duration awaitFor = awaitDelivery(await, timeout);
		return baseline(service, awaitFor).flatMap((before) -> this.store.changeStatus(service, id, status).flatMap((renewal) -> {
			if (renewal == Renewal.UNKNOWN) {
				return Mono.error(NotFoundException.instance(service, id));
			}
			if (renewal == Renewal.CHANGED) {
				this.documents.forget(service);
				this.metrics.statusChanged(token);
				logger.info("Status of " + service + "/" + id + " set to " + status + " by token '" + token + "'");
			}
			if (awaitFor == null) {
				return Mono.just(ResponseEntity.noContent().<String>build());
			}
			return this.confirmations.await(service, awaitFor, before)
				.map((confirmation) -> ResponseEntity.ok()
					.contentType(MediaType.APPLICATION_JSON)
					.body(confirmationJson(confirmation)));
		}));
	}

	/**
	 * Removes an instance; with {@code await=delivered}, answers only once every watcher of
	 * every live registry server has been handed the removal, or the {@code timeout} ended,
	 * saying which.
	 */
	@DeleteMapping
	Mono<ResponseEntity<String>> deregister(@PathVariable String service, @PathVariable String id,
			@RequestParam(required = false) @Nullable String await, @RequestParam(required = false) @Nullable String timeout,
			ServerWebExchange exchange) {
		String token = Callers.of(exchange).name();
		RequestValidator.service(service);
		RequestValidator.instanceId(id);
		@Nullable Duration awaitFor = awaitDelivery(await, timeout);
		return baseline(service, awaitFor).flatMap((before) -> this.store.deregister(service, id)
			.switchIfEmpty(Mono.error(() -> NotFoundException.instance(service, id)))
			.flatMap((revision) -> {
				this.documents.forget(service);
				this.metrics.deregistered(token);
				logger.info("Deregistered " + service + "/" + id + " by token '" + token + "'");
				if (awaitFor == null) {
					return Mono.just(ResponseEntity.noContent().header(Revisions.HEADER, Long.toString(revision)).<String>build());
				}
				return this.confirmations.await(service, awaitFor, before)
					.map((confirmation) -> ResponseEntity.ok()
						.header(Revisions.HEADER, Long.toString(revision))
						.contentType(MediaType.APPLICATION_JSON)
						.body(confirmationJson(confirmation)));
			}));
	}

	/** A change that awaits its delivery first notes what the servers had cut before it. */
	private Mono<DeliveryConfirmations.Baseline> baseline(String service, @Nullable Duration awaitFor) {
		return (awaitFor != null) ? this.confirmations.baseline(service)
				: Mono.just(new DeliveryConfirmations.Baseline(Map.of()));
	}

	/** The wait a change asks for, or {@code null} when it asks for none. */
	private @Nullable Duration awaitDelivery(@Nullable String await, @Nullable String timeout) {
		Duration wait = this.awaitTimeouts.parse(timeout);
		if (await == null) {
			return null;
		}
		if (!"delivered".equals(await)) {
			throw new InvalidRequestException("await", "await must be 'delivered' (or left out)");
		}
		return wait;
	}

	private String confirmationJson(DeliveryConfirmations.Confirmation confirmation) {
		return this.codec.encode(new Delivery(confirmation.delivered(), confirmation.servers(), confirmation.watchers(),
				confirmation.notReached(), confirmation.cut(), confirmation.behind(), confirmation.waited().toMillis()));
	}
	@GetMapping
	Mono<ResponseEntity<String>> instance(@PathVariable String service, @PathVariable String id) {
		return InstanceLookup.registered(this.store, service, id)
			.map((instance) -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(this.codec.encode(instance)));
	}

}

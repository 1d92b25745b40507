package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.store.InstanceStatus;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.InstanceStore.Renewal;

/**
 * Answers heartbeats ahead of the WebFlux chain. Heartbeats are nearly all of a registry's
 * traffic, and the chain (exchange, filters, observation, handler mapping, argument resolution)
 * costs several times what renewing a lease does. Only a well-formed, authorized heartbeat that
 * succeeds is answered here; every other request and outcome (a refusal, bad input, an unknown
 * instance, Redis failing) goes on to the chain, which answers it as for any other call, so
 * the API behaves the same either way. What the chain repeats then has no side effect: a
 * renewal of an unknown instance or a failed one changed nothing.
 */
final class HeartbeatHttpHandler implements HttpHandler {

	private static final String SERVICES = "/v1/services/";

	private static final String INSTANCES = "/instances/";

	private static final String HEARTBEAT = "/heartbeat";

	/** A heartbeat's body is {@code {"status":"..."}}; anything longer takes the chain. */
	private static final long MAX_BODY = 256;

	private final HttpHandler chain;

	private final InstanceStore store;

	private final ApiAccess access;

	private final RegistryMetrics metrics;

	private final JsonMapper jsonMapper;

	HeartbeatHttpHandler(HttpHandler chain, InstanceStore store, ApiAccess access, RegistryMetrics metrics,
			JsonMapper jsonMapper) {
		this.chain = chain;
		this.store = store;
		this.access = access;
		this.metrics = metrics;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		if (!HttpMethod.PUT.equals(request.getMethod())) {
			return this.chain.handle(request, response);
		}
		String path = request.getPath().pathWithinApplication().value();
		Target target = Target.of(path);
		HttpHeaders headers = request.getHeaders();
		if (target == null || !this.access.decide(HttpMethod.PUT, path, headers.getFirst(HttpHeaders.AUTHORIZATION))
			.granted()) {
			return this.chain.handle(request, response);
		}
		long length = headers.getContentLength();
		if (length == 0 || (length < 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING))) {
			return renew(target, null, request, response);
		}
		if (length < 0 || length > MAX_BODY || !isJson(headers.getContentType())) {
			return this.chain.handle(request, response);
		}
		return DataBufferUtils.join(request.getBody()).map(HeartbeatHttpHandler::bytes).flatMap((body) -> {
			ServerHttpRequest replayable = withBody(request, body);
			InstanceStatus status = statusIn(body);
			return (status != null) ? renew(target, status, replayable, response)
					: this.chain.handle(replayable, response);
		});
	}

	private Mono<Void> renew(Target target, @Nullable InstanceStatus status, ServerHttpRequest request,
			ServerHttpResponse response) {
		return this.store.renew(target.service(), target.id(), status)
			.map((renewal) -> renewal != Renewal.UNKNOWN)
			.onErrorReturn(false)
			.flatMap((renewed) -> {
				if (!renewed) {
					return this.chain.handle(request, response);
				}
				this.metrics.heartbeat();
				response.setStatusCode(HttpStatus.NO_CONTENT);
				return response.setComplete();
			});
	}

	/**
	 * The status a body sets, or {@code null} when the body sets none or is not valid; a body
	 * without a status takes the chain too, being rare enough not to matter.
	 */
	private @Nullable InstanceStatus statusIn(byte[] body) {
		try {
			StatusRequest request = this.jsonMapper.readValue(body, StatusRequest.class);
			return (request != null) ? InstanceStatus.parse(request.status()) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean isJson(@Nullable MediaType contentType) {
		return contentType != null && MediaType.APPLICATION_JSON.isCompatibleWith(contentType);
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static ServerHttpRequest withBody(ServerHttpRequest request, byte[] body) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
			}

		};
	}

	/**
	 * The instance a heartbeat path names, when its names are valid as written; an encoded
	 * or invalid name takes the chain, which decodes it or explains what is wrong.
	 */
	record Target(String service, String id) {

		static @Nullable Target of(String path) {
			if (!path.startsWith(SERVICES) || !path.endsWith(HEARTBEAT)) {
				return null;
			}
			int instances = path.indexOf(INSTANCES, SERVICES.length());
			int end = path.length() - HEARTBEAT.length();
			if (instances < 0 || instances + INSTANCES.length() >= end) {
				return null;
			}
			String service = path.substring(SERVICES.length(), instances);
			String id = path.substring(instances + INSTANCES.length(), end);
			return (RequestValidator.isService(service) && RequestValidator.isInstanceId(id)) ? new Target(service, id)
					: null;
		}

	}

}

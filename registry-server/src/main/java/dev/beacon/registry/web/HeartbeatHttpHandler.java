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

import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.Caller;

/**
 * Answers heartbeats ahead of the WebFlux chain. Heartbeats are nearly all of a registry's
 * traffic, and the chain (exchange, filters, observation, handler mapping, argument
 * resolution) costs several times what renewing a lease does.
 * <p>
 * Whether a request is taken here is decided on its form alone, before anything else: a
 * {@code PUT} on a heartbeat path with no body or a small JSON body that reads as a
 * {@link StatusRequest}. A taken request gets every answer here, refusals and failures
 * included, from {@link Heartbeats} and {@link ApiProblems} as the chain would give it; any
 * other goes to the chain untouched. So no request is authorised twice or reaches Redis twice.
 */
final class HeartbeatHttpHandler implements HttpHandler {

	private static final String SERVICES = "/v1/services/";

	private static final String INSTANCES = "/instances/";

	private static final String HEARTBEAT = "/heartbeat";

	/** A heartbeat's body is {@code {"status":"..."}}; anything longer takes the chain. */
	private static final long MAX_BODY = 256;

	private final HttpHandler chain;

	private final Heartbeats heartbeats;

	private final RequestAuthorization authorization;

	private final ApiProblems problems;

	private final JsonMapper jsonMapper;

	HeartbeatHttpHandler(HttpHandler chain, Heartbeats heartbeats, RequestAuthorization authorization,
			ApiProblems problems, JsonMapper jsonMapper) {
		this.chain = chain;
		this.heartbeats = heartbeats;
		this.authorization = authorization;
		this.problems = problems;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		if (!HttpMethod.PUT.equals(request.getMethod())) {
			return this.chain.handle(request, response);
		}
		Target target = Target.of(request.getPath().pathWithinApplication().value());
		if (target == null) {
			return this.chain.handle(request, response);
		}
		HttpHeaders headers = request.getHeaders();
		long length = headers.getContentLength();
		if (length == 0 || (length < 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING))) {
			return answer(target, null, request, response);
		}
		if (length < 0 || length > MAX_BODY || !isJson(headers.getContentType())) {
			return this.chain.handle(request, response);
		}
		return DataBufferUtils.join(request.getBody()).map(HeartbeatHttpHandler::bytes).flatMap((body) -> {
			ServerHttpRequest replayable = withBody(request, body);
			StatusRequest status = read(body);
			return (status != null) ? answer(target, status.status(), replayable, response)
					: this.chain.handle(replayable, response);
		});
	}

	private Mono<Void> answer(Target target, @Nullable String status, ServerHttpRequest request,
			ServerHttpResponse response) {
		ApiAccess.Decision decision = this.authorization.decideAtOnce(request);
		return (decision != null) ? renew(target, status, decision, request, response)
				: this.authorization.decide(request)
					.flatMap((later) -> renew(target, status, later, request, response));
	}

	private Mono<Void> renew(Target target, @Nullable String status, ApiAccess.Decision decision,
			ServerHttpRequest request, ServerHttpResponse response) {
		String path = request.getPath().value();
		if (!decision.granted()) {
			return this.problems.refuse(request, response, ApiProblems.refused(decision, path));
		}
		String token = (decision.caller() != null) ? decision.caller().name() : Caller.ANONYMOUS.name();
		return Mono.defer(() -> this.heartbeats.renew(target.service(), target.id(), status, token))
			.then(Mono.defer(() -> {
				response.setStatusCode(HttpStatus.NO_CONTENT);
				return response.setComplete();
			}))
			.onErrorResume((ex) -> this.problems.answer(response, ex, path));
	}

	/** The body as a heartbeat's, or {@code null} when it is not one: the chain explains why. */
	private @Nullable StatusRequest read(byte[] body) {
		try {
			return this.jsonMapper.readValue(body, StatusRequest.class);
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
	 * The instance a heartbeat path names, decoded; whether the names are valid is the
	 * call's to say.
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
			String service = ApiPaths.segment(path.substring(SERVICES.length(), instances));
			String id = ApiPaths.segment(path.substring(instances + INSTANCES.length(), end));
			return (service != null && id != null) ? new Target(service, id) : null;
		}

	}

}

package dev.beacon.registry.web;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.store.InstanceStore;

/**
 * Answers the plain read of one service ({@code GET /v1/services/{service}}, no parameters)
 * ahead of the WebFlux chain, with the document the store splices, as
 * {@link ServiceController} would. Clients that poll rather than watch make this the second
 * most frequent call. Only an authorized read of a valid name that succeeds is answered here;
 * everything else goes on to the chain, which answers it as for any other call.
 */
final class ServiceReadHttpHandler implements HttpHandler {

	private static final String SERVICES = "/v1/services/";

	private final HttpHandler chain;

	private final InstanceStore store;

	private final ApiAccess access;

	ServiceReadHttpHandler(HttpHandler chain, InstanceStore store, ApiAccess access) {
		this.chain = chain;
		this.store = store;
		this.access = access;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		String path = request.getPath().pathWithinApplication().value();
		if (!HttpMethod.GET.equals(request.getMethod()) || !path.startsWith(SERVICES)
				|| !request.getQueryParams().isEmpty()) {
			return this.chain.handle(request, response);
		}
		String service = path.substring(SERVICES.length());
		if (!RequestValidator.isService(service) || !this.access
			.decide(HttpMethod.GET, path, request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
			.granted()) {
			return this.chain.handle(request, response);
		}
		// the request is read to its end before the answer is written, although an answer from
		// memory is ready at once: Reactor Netty 1.3.6 stops reading a keep-alive connection when
		// it answers a request it had held back (sent while the previous answer was finishing)
		// before reading that request's end (reactor/reactor-netty#4361); the client's next
		// request then waits for its timeout
		return request.getBody()
			.doOnNext(DataBufferUtils::release)
			.then(Mono.defer(() -> this.store.serviceDocument(service)))
			.map((document) -> {
				response.setStatusCode(HttpStatus.OK);
				response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				response.getHeaders().set(Revisions.HEADER, Long.toString(document.revision()));
				return response.bufferFactory().wrap(document.json());
			})
			.flatMap((body) -> response.writeWith(Mono.just(body)))
			.onErrorResume((ex) -> !response.isCommitted(), (ex) -> this.chain.handle(request, response));
	}

}

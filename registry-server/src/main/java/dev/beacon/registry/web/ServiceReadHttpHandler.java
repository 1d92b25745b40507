package dev.beacon.registry.web;

import reactor.core.publisher.Mono;

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
		return this.store.serviceDocument(service).map((document) -> {
			response.setStatusCode(HttpStatus.OK);
			response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
			response.getHeaders().set(Revisions.HEADER, Long.toString(document.revision()));
			return response.bufferFactory().wrap(document.json());
		})
			.flatMap((body) -> response.writeWith(Mono.just(body)))
			.onErrorResume((ex) -> !response.isCommitted(), (ex) -> this.chain.handle(request, response));
	}

}

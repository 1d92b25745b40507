package dev.beacon.registry.web;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

import dev.beacon.registry.security.ApiAccess;


/**
 * Answers the plain read of one service ({@code GET /v1/services/{service}}, no parameters)
 * ahead of the WebFlux chain, with the service's document as {@link ServiceDocuments} keeps it. Clients that
 * poll rather than watch make this the second most frequent call. Whether a request is taken
 * here is decided on its form alone; a taken request gets every answer here, refusals and
 * failures included (through {@link ApiProblems}); reads with parameters, which filter or
 * wait, go to {@link ServiceController} untouched.
 */
final class ServiceReadHttpHandler implements HttpHandler {

	private static final String SERVICES = "/v1/services/";

	private final HttpHandler chain;

	private final ServiceDocuments documents;

	private final RequestAuthorization authorization;

	private final ApiProblems problems;

	ServiceReadHttpHandler(HttpHandler chain, ServiceDocuments documents, RequestAuthorization authorization,
			ApiProblems problems) {
		this.chain = chain;
		this.documents = documents;
		this.authorization = authorization;
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		String path = request.getPath().pathWithinApplication().value();
		if (!HttpMethod.GET.equals(request.getMethod()) || !path.startsWith(SERVICES)
				|| !request.getQueryParams().isEmpty()) {
			return this.chain.handle(request, response);
		}
		String service = ApiPaths.segment(path.substring(SERVICES.length()));
		if (service == null) {
			return this.chain.handle(request, response);
		}
		ApiAccess.Decision decision = this.authorization.decideAtOnce(request);
		return (decision != null) ? read(service, decision, request, response)
				: this.authorization.decide(request).flatMap((later) -> read(service, later, request, response));
	}

	private Mono<Void> read(String service, ApiAccess.Decision decision, ServerHttpRequest request,
			ServerHttpResponse response) {
		String fullPath = request.getPath().value();
		if (!decision.granted()) {
			return this.problems.refuse(request, response, ApiProblems.refused(decision, fullPath));
		}
		// the request is read to its end before the answer is written, although an answer from
		// memory is ready at once: Reactor Netty 1.3.6 stops reading a keep-alive connection when
		// it answers a request it had held back (sent while the previous answer was finishing)
		// before reading that request's end (reactor/reactor-netty#4361); the client's next
		// request then waits for its timeout
		return request.getBody()
			.doOnNext(DataBufferUtils::release)
			.then(Mono.defer(() -> this.documents.read(RequestValidator.service(service))))
			.map((document) -> {
				response.setStatusCode(HttpStatus.OK);
				response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
				response.getHeaders().set(Revisions.HEADER, Long.toString(document.revision()));
				return response.bufferFactory().wrap(document.json());
			})
			.flatMap((body) -> response.writeWith(Mono.just(body)))
			.onErrorResume((ex) -> this.problems.answer(response, ex, fullPath));
	}

}

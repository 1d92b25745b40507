package dev.beacon.registry.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

import dev.beacon.registry.security.ApiAccess;

/**
 * Every problem document the API answers with (RFC 9457): what each refusal and failure
 * says, which headers come with it, and how it is written where no Spring handler writes it
 * (ahead of the WebFlux chain, or in a filter). A {@code field} property names what was
 * wrong, where one field was.
 */
public final class ApiProblems {

	private static final Log logger = LogFactory.getLog(ApiProblems.class);

	private static final String CHALLENGE = "Bearer realm=\"beacon\"";

	private final JsonMapper jsonMapper;

	ApiProblems(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * A problem document.
	 * @param status the status it answers with
	 * @param detail what went wrong, for a person
	 * @param field the field that was wrong, if one was
	 * @param path the request's path
	 * @return the problem
	 */
	public static ProblemDetail problem(HttpStatus status, String detail, @Nullable String field, String path) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(path));
		if (field != null) {
			problem.setProperty("field", field);
		}
		return problem;
	}

	/**
	 * The problem of a request that {@link ApiAccess} refused.
	 * @param decision the refusal
	 * @param path the request's path
	 * @return its problem
	 */
	public static ProblemDetail refused(ApiAccess.Decision decision, String path) {
		HttpStatus status = (decision.refusal() != null) ? decision.refusal() : HttpStatus.FORBIDDEN;
		return problem(status, (decision.detail() != null) ? decision.detail() : status.getReasonPhrase(), null, path);
	}

	/**
	 * The problem of a request that came while the registry stops.
	 * @param path the request's path
	 * @return its problem
	 */
	static ProblemDetail stopping(String path) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "The registry is stopping; retry with another", null, path);
	}

	/**
	 * The problem of a call that failed the way calls fail: bad input, an unknown instance, a
	 * service outside the token's scope, Redis out of reach.
	 * @param failure what the call failed with
	 * @param path the request's path
	 * @return its problem, or {@code null} for any other failure, which is a bug
	 */
	static @Nullable ProblemDetail of(Throwable failure, String path) {
		if (failure instanceof InvalidRequestException invalid) {
			return problem(HttpStatus.BAD_REQUEST, invalid.getMessage(), invalid.getField(), path);
		}
		if (failure instanceof NotFoundException notFound) {
			return problem(HttpStatus.NOT_FOUND, notFound.getMessage(), null, path);
		}
		if (failure instanceof OutOfScopeException outOfScope) {
			return problem(HttpStatus.FORBIDDEN, outOfScope.getMessage(), null, path);
		}
		if (failure instanceof LimitReachedException limit) {
			return problem(limit.isPerToken() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE,
					limit.getMessage(), null, path);
		}
		if (failure instanceof DataAccessException) {
			// what Redis said (CLUSTERDOWN, READONLY...), not Spring's wrapper, "Error in execution"
			logger.warn("Registry request failed, Redis unavailable: "
					+ NestedExceptionUtils.getMostSpecificCause(failure).getMessage());
			return problem(HttpStatus.SERVICE_UNAVAILABLE, "The registry cannot reach its Redis store; retry shortly",
					null, path);
		}
		return null;
	}

	/**
	 * The headers a problem comes with: a challenge with a {@code 401}, when to retry with a
	 * {@code 503} or a {@code 429}.
	 * @param status the problem's status
	 * @return the headers, beside the content type
	 */
	public static HttpHeaders headers(HttpStatusCode status) {
		HttpHeaders headers = new HttpHeaders();
		if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
		}
		else if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			headers.set(HttpHeaders.RETRY_AFTER, "1");
		}
		else if (status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
			headers.set(HttpHeaders.RETRY_AFTER, "5");
		}
		return headers;
	}

	/**
	 * Refuses a request once it has been read to its end. Reactor Netty 1.3.6 stops reading a
	 * keep-alive connection when it answers at once a request it had held back (sent while the
	 * previous answer was finishing) before reading that request's end
	 * (reactor/reactor-netty#4361): the client's next request on the connection then waits for
	 * its timeout.
	 * @param request the request, whose body is read and dropped first
	 * @param response its response
	 * @param problem the refusal
	 * @return completes when written
	 */
	Mono<Void> refuse(ServerHttpRequest request, ServerHttpResponse response, ProblemDetail problem) {
		return request.getBody()
			.doOnNext(DataBufferUtils::release)
			.then(Mono.defer(() -> write(response, problem)));
	}

	/**
	 * Answers with a problem, where no Spring handler writes the answer.
	 * @param response the response, not yet committed
	 * @param problem the problem
	 * @return completes when written
	 */
	Mono<Void> write(ServerHttpResponse response, ProblemDetail problem) {
		HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
		response.setStatusCode(status);
		response.getHeaders().addAll(headers(status));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = this.jsonMapper.writeValueAsString(document(problem)).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/**
	 * Answers a failed call with its problem, where no Spring handler writes the answer.
	 * @param response the response
	 * @param failure what the call failed with
	 * @param path the request's path
	 * @return completes when written; fails with {@code failure} itself when it is not one
	 * the API describes, or the response is already on its way
	 */
	Mono<Void> answer(ServerHttpResponse response, Throwable failure, String path) {
		ProblemDetail problem = of(failure, path);
		return (problem == null || response.isCommitted()) ? Mono.error(failure) : write(response, problem);
	}

	/** The problem as Spring's own codecs write it: its properties beside the standard members. */
	private static Map<String, @Nullable Object> document(ProblemDetail problem) {
		Map<String, @Nullable Object> document = new LinkedHashMap<>();
		document.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
		document.put("title", (problem.getTitle() != null) ? problem.getTitle()
				: HttpStatus.valueOf(problem.getStatus()).getReasonPhrase());
		document.put("status", problem.getStatus());
		document.put("detail", problem.getDetail());
		document.put("instance", (problem.getInstance() != null) ? problem.getInstance().toString() : null);
		if (problem.getProperties() != null) {
			document.putAll(problem.getProperties());
		}
		return document;
	}

}

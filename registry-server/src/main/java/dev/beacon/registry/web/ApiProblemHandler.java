package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Answers every refusal and failure of the calls that the WebFlux chain handles with the
 * problem {@link ApiProblems} describes, and the framework's own refusals (unreadable body,
 * wrong content type, body too large) in the same form.
 */
@RestControllerAdvice
class ApiProblemHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler({ InvalidRequestException.class, NotFoundException.class, OutOfScopeException.class,
			LimitReachedException.class, DataAccessException.class })
	@Nullable ResponseEntity<ProblemDetail> failedCall(Exception ex, ServerWebExchange exchange) throws Exception {
		ProblemDetail problem = ApiProblems.of(ex, exchange.getRequest().getPath().value());
		if (problem == null) {
			throw ex;
		}
		HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
		return ResponseEntity.status(status)
			.headers(ApiProblems.headers(status))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/**
	 * A body over {@code spring.http.codecs.max-in-memory-size} arrives as a
	 * {@code ContentTooLargeException}, a plain {@link ResponseStatusException}.
	 */
	@Override
	protected Mono<ResponseEntity<Object>> handleResponseStatusException(ResponseStatusException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		DataBufferLimitException tooLarge = cause(ex, DataBufferLimitException.class);
		if (tooLarge != null) {
			return Mono.just(widen(problem(HttpStatus.CONTENT_TOO_LARGE,
					"The request body is larger than the registry accepts (" + tooLarge.getMessage() + ")", "body",
					exchange)));
		}
		return super.handleResponseStatusException(ex, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleUnsupportedMediaTypeStatusException(
			UnsupportedMediaTypeStatusException ex, HttpHeaders headers, HttpStatusCode status,
			ServerWebExchange exchange) {
		ex.getBody().setProperty("field", HttpHeaders.CONTENT_TYPE);
		return super.handleUnsupportedMediaTypeStatusException(ex, headers, status, exchange);
	}

	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		JacksonException json = cause(ex, JacksonException.class);
		if (json != null) {
			String field = fieldOf(json);
			String detail = (field != null) ? field + " has the wrong type or form"
					: "The request body is not valid JSON: " + firstLine(json.getOriginalMessage());
			return Mono.just(widen(problem(HttpStatus.BAD_REQUEST, detail, (field != null) ? field : "body", exchange)));
		}
		return super.handleServerWebInputException(ex, headers, status, exchange);
	}

	private static @Nullable String fieldOf(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append((path.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return (path.length() > 0) ? path.toString() : null;
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "unreadable";
		}
		int end = message.indexOf('\n');
		return (end >= 0) ? message.substring(0, end) : message;
	}

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, @Nullable String field,
			ServerWebExchange exchange) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ApiProblems.problem(status, detail, field, exchange.getRequest().getPath().value()));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static ResponseEntity<Object> widen(ResponseEntity<ProblemDetail> response) {
		return (ResponseEntity) response;
	}

}

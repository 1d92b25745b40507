package dev.beacon.gateway.problems;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import dev.beacon.gateway.routing.BeaconServiceRoutePredicateFactory;

/**
 * Answers every failure of the gateway with {@code application/problem+json} (RFC 9457): a
 * path that names no known service is a {@code 404}, a service without a live instance a
 * {@code 503} naming the service, an instance that cannot be reached after retries a
 * {@code 502}, and one that does not answer in time a {@code 504}.
 */
@Order(-2)
public class GatewayProblemHandler implements ErrorWebExceptionHandler {

	private static final Log logger = LogFactory.getLog(GatewayProblemHandler.class);

	private final JsonMapper jsonMapper;

	public GatewayProblemHandler(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		Problem problem = describe(exchange, ex);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", problem.status().getReasonPhrase());
		body.put("status", problem.status().value());
		body.put("detail", problem.detail());
		body.put("instance", exchange.getRequest().getPath().value());
		if (problem.service() != null) {
			body.put("service", problem.service());
		}
		response.setStatusCode(problem.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] bytes = this.jsonMapper.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

	private Problem describe(ServerWebExchange exchange, Throwable ex) {
		String service = serviceOf(exchange);
		if (ex instanceof NotFoundException) {
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE,
					"No instance of service '" + service + "' is available", service);
		}
		if (ex instanceof ResponseStatusException statusException) {
			HttpStatusCode code = statusException.getStatusCode();
			HttpStatus status = (HttpStatus.resolve(code.value()) != null) ? HttpStatus.resolve(code.value())
					: HttpStatus.INTERNAL_SERVER_ERROR;
			if (status == HttpStatus.NOT_FOUND && service == null) {
				return new Problem(status, "No route matches " + exchange.getRequest().getPath().value()
						+ ": the first path segment names the service", null);
			}
			return new Problem(status, (statusException.getReason() != null) ? statusException.getReason()
					: status.getReasonPhrase(), service);
		}
		if (ex instanceof TimeoutException || ex.getCause() instanceof TimeoutException) {
			return new Problem(HttpStatus.GATEWAY_TIMEOUT, "Service '" + service + "' did not answer in time",
					service);
		}
		if (service != null) {
			logger.warn("Request to service '" + service + "' failed: " + ex);
			return new Problem(HttpStatus.BAD_GATEWAY, "Service '" + service + "' could not be reached", service);
		}
		logger.error("Gateway request failed", ex);
		return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "The gateway failed to handle the request", null);
	}

	private static @Nullable String serviceOf(ServerWebExchange exchange) {
		String discovered = exchange.getAttribute(BeaconServiceRoutePredicateFactory.SERVICE_ATTR);
		if (discovered != null) {
			return discovered;
		}
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route != null && "lb".equals(route.getUri().getScheme())) {
			return route.getUri().getHost();
		}
		return null;
	}

	private record Problem(HttpStatus status, String detail, @Nullable String service) {
	}

}

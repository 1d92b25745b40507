package dev.beacon.gateway.examples;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the {@code examples} profile's routes need: a key for the Redis rate limiter (the
 * client's address) and the fallback the circuit breaker forwards to.
 */
@Configuration(proxyBeanMethods = false)
@Profile("examples")
class ExamplesConfiguration {

	@Bean
	KeyResolver clientAddressKeyResolver() {
		return (exchange) -> Mono.justOrEmpty(exchange.getRequest().getRemoteAddress())
			.map((address) -> address.getAddress().getHostAddress());
	}

	@Bean
	FallbackController fallbackController() {
		return new FallbackController();
	}

	@RestController
	static class FallbackController {

		@RequestMapping("/fallback/greeting")
		ResponseEntity<Map<String, Object>> greetingFallback() {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("message", "Greetings are resting; try again soon", "fallback", true));
		}

	}

}

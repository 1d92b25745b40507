package dev.beacon.gateway.examples;

import java.util.Map;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the {@code examples} profile's circuit breaker forwards to when greeting fails.
 */
@RestController
@Profile("examples")
class FallbackController {

	@RequestMapping("/fallback/greeting")
	ResponseEntity<Map<String, Object>> greetingFallback() {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message", "Greetings are resting; try again soon", "fallback", true));
	}

}

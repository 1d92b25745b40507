package dev.beacon.demo.frontend;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Greets through the {@code greeting} service, and says which frontend instance asked.
 */
@RestController
class FrontendController {

	private static final String GREETING = "http://greeting/hello";

	private final RestClient restClient;

	private final WebClient webClient;

	private final Registration registration;

	FrontendController(RestClient.Builder restClient, WebClient.Builder webClient, Registration registration) {
		this.restClient = restClient.build();
		this.webClient = webClient.build();
		this.registration = registration;
	}

	@GetMapping("/greet")
	Map<String, Object> greet() {
		Map<?, ?> greeting = this.restClient.get().uri(GREETING).retrieve().body(Map.class);
		return Map.of("frontend", this.registration.getInstanceId(), "via", "RestClient", "greeting", greeting);
	}

	@GetMapping("/greet/reactive")
	Mono<Map<String, Object>> greetReactive() {
		return this.webClient.get()
			.uri(GREETING)
			.retrieve()
			.bodyToMono(Map.class)
			.map((greeting) -> Map.of("frontend", this.registration.getInstanceId(), "via", "WebClient", "greeting",
					greeting));
	}

}

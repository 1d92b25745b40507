package dev.beacon.demo.greeting;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Greets, naming the instance, zone and version that answered.
 */
@RestController
class GreetingController {

	private final Registration registration;

	private final String zone;

	private final String version;

	GreetingController(Registration registration, @Value("${beacon.discovery.zone:none}") String zone,
			@Value("${greeting.version:1.0}") String version) {
		this.registration = registration;
		this.zone = zone;
		this.version = version;
	}

	@GetMapping("/hello")
	Greeting hello() {
		return greet("world");
	}

	@GetMapping("/hello/{name}")
	Greeting hello(@PathVariable String name) {
		return greet(name);
	}

	private Greeting greet(String name) {
		return new Greeting("Hello, " + name + "!", this.registration.getInstanceId(), this.zone, this.version);
	}

	record Greeting(String message, String instance, String zone, String version) {
	}

}

package dev.beacon.demo.configclient;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A config client that knows only the registry: it finds the config server through Beacon and
 * answers {@code GET /message} with {@code demo.message}, which only the config server holds.
 */
@SpringBootApplication
@RestController
public class ConfigClientApplication {

	private final String message;

	ConfigClientApplication(@Value("${demo.message:(no message)}") String message) {
		this.message = message;
	}

	@GetMapping("/message")
	String message() {
		return this.message;
	}

	public static void main(String[] args) {
		SpringApplication.run(ConfigClientApplication.class, args);
	}

}

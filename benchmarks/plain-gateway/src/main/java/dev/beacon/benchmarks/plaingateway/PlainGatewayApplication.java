package dev.beacon.benchmarks.plaingateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring Cloud Gateway as it comes: no discovery, no load balancing, no Beacon code; its routes
 * are the {@code spring.cloud.gateway.server.webflux.routes} the benchmark passes at start. What
 * Beacon's gateway does on top shows as the difference between the two.
 */
@SpringBootApplication
public class PlainGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(PlainGatewayApplication.class, args);
	}

}

package dev.beacon.benchmarks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

/**
 * The peer: a stock Netflix Eureka server (Spring Cloud Netflix), run by the benchmark as a
 * process of its own, like Beacon's registry, with Eureka's defaults except that this single
 * server neither registers with nor fetches from peers.
 */
@SpringBootApplication
@EnableEurekaServer
public class EurekaPeer {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(EurekaPeer.class);
		application.setDefaultProperties(java.util.Map.of("eureka.client.register-with-eureka", "false",
				"eureka.client.fetch-registry", "false", "spring.main.banner-mode", "off",
				"spring.application.name", "eureka-peer"));
		application.run(args);
	}

}

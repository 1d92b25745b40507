package dev.beacon.demo.frontend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls {@code greeting} by its service name, as any application with the starter would: with
 * a {@code @LoadBalanced} {@code RestClient} and a {@code @LoadBalanced} {@code WebClient}.
 */
@SpringBootApplication
public class FrontendApplication {

	public static void main(String[] args) {
		SpringApplication.run(FrontendApplication.class, args);
	}

	@Bean
	@LoadBalanced
	RestClient.Builder loadBalancedRestClient() {
		return RestClient.builder();
	}

	@Bean
	@LoadBalanced
	WebClient.Builder loadBalancedWebClient() {
		return WebClient.builder();
	}

}

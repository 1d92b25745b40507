package dev.beacon.discovery.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The applications of the end-to-end tests, each a real Spring Boot web application with the
 * starter on a free port: {@code greeting} answers with its instance id, {@code caller} calls
 * it through a {@code @LoadBalanced} {@code RestClient}.
 */
final class TestApps {

	/** The longest wait on shutdown for the registry's confirmation, and the whole wait without it. */
	static final Duration DRAIN = Duration.ofMillis(500);

	private TestApps() {
	}

	static ConfigurableApplicationContext greeting(String registryUrls, String... properties) {
		return start(Greeting.class, "greeting", registryUrls, properties);
	}

	static ConfigurableApplicationContext caller(String registryUrls, String... properties) {
		return start(Caller.class, "caller", registryUrls, properties);
	}

	static ConfigurableApplicationContext start(Class<?> application, String name, String registryUrls,
			String... properties) {
		List<String> args = new ArrayList<>(List.of("--spring.application.name=" + name, "--server.port=0",
				"--server.shutdown=graceful", "--spring.main.banner-mode=off",
				"--beacon.discovery.registry-url=" + registryUrls, "--beacon.discovery.token=" + RegistryServer.TOKEN,
				"--beacon.discovery.host=127.0.0.1", "--beacon.discovery.heartbeat-interval=1s",
				"--beacon.discovery.lease-ttl=5s", "--beacon.discovery.drain=" + DRAIN.toMillis() + "ms",
				"--management.endpoints.web.exposure.include=health",
				"--management.endpoint.health.show-details=always"));
		for (String property : properties) {
			// a property given here replaces the default: Spring would join two values with a comma
			String key = "--" + property.substring(0, property.indexOf('=') + 1);
			args.removeIf((arg) -> arg.startsWith(key));
			args.add("--" + property);
		}
		return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
	}

	/** Calls {@code greeting} through the caller's load-balanced client. */
	static String callGreeting(ConfigurableApplicationContext caller) {
		return caller.getBean(RestClient.Builder.class).build().get().uri("http://greeting/hello").retrieve()
			.body(String.class);
	}

	/** Calls {@code greeting} through each of the caller's load-balanced clients. */
	static List<String> callGreetingWithEveryClient(ConfigurableApplicationContext caller) {
		String url = "http://greeting/hello";
		return List.of(callGreeting(caller),
				caller.getBean(WebClient.Builder.class).build().get().uri(url).retrieve().bodyToMono(String.class)
					.block(Duration.ofSeconds(10)),
				caller.getBean(RestTemplate.class).getForObject(url, String.class));
	}

	static String instanceId(ConfigurableApplicationContext app) {
		return app.getBean(Registration.class).getInstanceId();
	}

	/** The ids of a service's instances as the registry lists them (any status). */
	@SuppressWarnings("unchecked")
	static List<String> registeredIds(String registryUrl, String service) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl + "/v1/services/" + service))
				.header("Authorization", "Bearer " + RegistryServer.TOKEN)
				.timeout(Duration.ofSeconds(5))
				.build();
			String body = HttpClient.newHttpClient().send(request, BodyHandlers.ofString()).body();
			Map<String, Object> json = JsonMapper.builder().build().readValue(body, Map.class);
			return ((List<Map<String, Object>>) json.get("instances")).stream()
				.map((instance) -> (String) instance.get("id"))
				.sorted()
				.toList();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class Greeting {

		private final Registration registration;

		Greeting(Registration registration) {
			this.registration = registration;
		}

		@GetMapping("/hello")
		String hello() {
			return this.registration.getInstanceId();
		}

		@Bean
		SwitchableHealth switchableHealth() {
			return new SwitchableHealth();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Caller {

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

		@Bean
		@LoadBalanced
		WebClient.Builder loadBalancedWebClientBuilder() {
			return WebClient.builder();
		}

		@Bean
		@LoadBalanced
		RestTemplate loadBalancedRestTemplate() {
			return new RestTemplate();
		}

	}

	/** A health indicator the test turns up or down. */
	static class SwitchableHealth implements HealthIndicator {

		private final AtomicReference<Status> status = new AtomicReference<>(Status.UP);

		void set(Status status) {
			this.status.set(status);
		}

		@Override
		public Health health() {
			return Health.status(this.status.get()).build();
		}

	}

}

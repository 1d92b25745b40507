package dev.beacon.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The peer's watching client, run as a process of its own: a Spring Boot app with Eureka's
 * client at its default settings (it fetches, it does not register), asking Spring Cloud's
 * {@link DiscoveryClient} for one service every millisecond and writing each instance's
 * appearance and disappearance, in microseconds since the epoch, to a file:
 * {@code up <id> <micros>} or {@code down <id> <micros>}. The same clock as the benchmark's
 * process, since both run on one machine.
 * <p>
 * Arguments: {@code --bench.watch.file=PATH --bench.watch.service=NAME
 * --eureka.client.service-url.defaultZone=URL}.
 */
public final class EurekaWatcher {

	private EurekaWatcher() {
	}

	public static void main(String[] args) throws InterruptedException {
		SpringApplication application = new SpringApplication(Client.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// Spring's RestClient carries its calls: the Jersey client on this classpath comes with
		// the Eureka server, which provides its transport; timings stay Eureka's defaults
		application.setDefaultProperties(Map.of("eureka.client.register-with-eureka", "false",
				"eureka.client.jersey.enabled", "false", "spring.main.banner-mode", "off", "spring.application.name",
				"eureka-watcher"));
		ConfigurableApplicationContext context = application.run(args);
		DiscoveryClient discovery = context.getBean(DiscoveryClient.class);
		String service = context.getEnvironment().getRequiredProperty("bench.watch.service");
		Path file = Path.of(context.getEnvironment().getRequiredProperty("bench.watch.file"));
		try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("ready\n");
			out.flush();
			Set<String> known = new HashSet<>();
			while (true) {
				Set<String> now = new HashSet<>();
				for (ServiceInstance instance : discovery.getInstances(service)) {
					now.add(instance.getInstanceId());
				}
				long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
				boolean changed = false;
				for (String id : now) {
					if (!known.contains(id)) {
						out.write("up " + id + " " + micros + "\n");
						changed = true;
					}
				}
				for (String id : known) {
					if (!now.contains(id)) {
						out.write("down " + id + " " + micros + "\n");
						changed = true;
					}
				}
				if (changed) {
					out.flush();
				}
				known = now;
				Thread.sleep(1);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Auto-configuration only: no component scan, which would find {@link EurekaPeer}'s server. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Client {

	}

}

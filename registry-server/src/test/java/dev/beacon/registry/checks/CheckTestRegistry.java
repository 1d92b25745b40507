package dev.beacon.registry.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.client.Instance;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.ServiceInstances;
import dev.beacon.registry.TestRegistry;
import dev.beacon.testsupport.RedisServers;

/**
 * A real registry server on loopback, backed by the shared real Redis under a key prefix that
 * several servers may share, with health checks allowed to run at test speed. Registrations go
 * as raw JSON, as a program without a Beacon library would send them; reads go through the
 * plain Java client, so they read the wire contract too.
 */
final class CheckTestRegistry implements AutoCloseable {

	static final String TOKEN = "check-test-token";

	/** Checks as often as tests need them, looked for often enough to start close to their turn. */
	private static final List<String> TEST_SPEED = List.of("beacon.registry.checks.min-interval=50ms",
			"beacon.registry.checks.poll-interval=20ms");

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	private final RegistryClient client;

	private CheckTestRegistry(ConfigurableApplicationContext context) {
		this.context = context;
		this.client = RegistryClient.create(TOKEN, URI.create(url()));
	}

	static String newPrefix() {
		return "chk" + UUID.randomUUID().toString().substring(0, 8);
	}

	static CheckTestRegistry start(String prefix, String... properties) {
		List<String> more = new ArrayList<>(List.of("server.address=127.0.0.1"));
		more.addAll(TEST_SPEED);
		more.addAll(List.of(properties));
		return new CheckTestRegistry(
				TestRegistry.application().run(TestRegistry.arguments(RedisServers.shared(), prefix, TOKEN, more)));
	}

	String url() {
		return "http://127.0.0.1:" + this.context.getEnvironment().getRequiredProperty("local.server.port");
	}

	RegistryClient client() {
		return this.client;
	}

	/** Registers with a raw JSON body; answers the response. */
	HttpResponse<String> register(String service, String id, String json) {
		try {
			return this.http.send(HttpRequest.newBuilder(URI.create(url() + "/v1/services/" + service + "/instances/" + id))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	ServiceInstances service(String service) {
		return this.client.service(service);
	}

	/** The instance as this server reads it, or {@code null} when it is not registered. */
	@Nullable Instance instance(String service, String id) {
		return service(service).instances().stream().filter((instance) -> instance.id().equals(id)).findFirst().orElse(null);
	}

	/** Checks this server has run. */
	double runs() {
		return this.context.getBean(MeterRegistry.class)
			.find("beacon.registry.checks.runs")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@Override
	public void close() {
		this.context.close();
	}

}

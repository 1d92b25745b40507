package dev.beacon.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.RedisServers;

/**
 * A real registry server on a free loopback port, backed by a real Redis, with its own key
 * prefix so that test classes sharing one Redis never see each other's data.
 */
public final class TestRegistry implements AutoCloseable {

	static final String TOKEN = "test-token-read-write";

	static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final ConfigurableApplicationContext context;

	private final String prefix;

	private TestRegistry(ConfigurableApplicationContext context, String prefix) {
		this.context = context;
		this.prefix = prefix;
	}

	static String newPrefix() {
		return "t" + UUID.randomUUID().toString().substring(0, 8);
	}

	static TestRegistry start(String prefix, String... properties) {
		return start(RedisServers.shared(), prefix, properties);
	}

	static TestRegistry start(RedisEndpoint redis, String prefix, String... properties) {
		List<String> more = new ArrayList<>(List.of("management.metrics.export.prometheus.enabled=true"));
		more.addAll(List.of(properties));
		return new TestRegistry(application().run(arguments(redis, prefix, TOKEN, more)), prefix);
	}

	/**
	 * The command line of a registry server on a free port, on a Redis under a key prefix, with
	 * one token that may read and write.
	 * @param redis the Redis
	 * @param prefix the key prefix
	 * @param token the token's value
	 * @param properties more properties, as {@code name=value}
	 * @return the arguments
	 */
	public static String[] arguments(RedisEndpoint redis, String prefix, String token, List<String> properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port(), "--beacon.registry.key-prefix=" + prefix,
				"--beacon.registry.security.tokens[0].value=" + token,
				"--beacon.registry.security.tokens[0].roles=read,write"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return args.toArray(String[]::new);
	}

	/**
	 * The registry application on Reactor Netty resources of its own: closing a context
	 * disposes the JVM-wide ones, which would take down every other registry in the JVM.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(RegistryServerApplication.class)
			.initializers((context) -> ((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class,
					() -> {
						ReactorResourceFactory resources = new ReactorResourceFactory();
						resources.setUseGlobalResources(false);
						return resources;
					}));
	}

	String prefix() {
		return this.prefix;
	}

	int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	String url() {
		return "http://127.0.0.1:" + port();
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	/** A client that sends the read-write token. */
	WebClient client() {
		return webClient()
			.baseUrl(url())
			.defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

	/** A client that sends no token. */
	WebClient anonymousClient() {
		return webClient().baseUrl(url()).build();
	}

	/**
	 * A client that opens a new connection per request. Registries in one test JVM come and go
	 * on ports the system hands out again; a pooled keep-alive connection to a closed one
	 * could be picked for a new one on the same port.
	 */
	static WebClient.Builder webClient() {
		return WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())));
	}

	int register(String service, String id, Map<String, Object> body) {
		return client().put()
			.uri("/v1/services/{service}/instances/{id}", service, id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10));
	}

	int heartbeat(String service, String id) {
		return client().put()
			.uri("/v1/services/{service}/instances/{id}/heartbeat", service, id)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10));
	}

	int deregister(String service, String id) {
		return client().delete()
			.uri("/v1/services/{service}/instances/{id}", service, id)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10));
	}

	Map<String, Object> service(String service) {
		return client().get()
			.uri("/v1/services/{service}", service)
			.retrieve()
			.bodyToMono(JSON)
			.block(Duration.ofSeconds(10));
	}

	@SuppressWarnings("unchecked")
	List<String> instanceIds(String service) {
		List<Map<String, Object>> instances = (List<Map<String, Object>>) service(service).get("instances");
		return instances.stream().map((instance) -> (String) instance.get("id")).sorted().toList();
	}

	@Override
	public void close() {
		this.context.close();
	}

}

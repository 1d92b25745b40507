package dev.beacon.registry.dns;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.client.InstanceStatus;
import dev.beacon.client.Registration;
import dev.beacon.client.RegistryClient;
import dev.beacon.registry.TestRegistry;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.RedisServers;

/**
 * A real registry server on loopback with its DNS interface on a free port, backed by the
 * shared real Redis under a key prefix of its own, on Reactor Netty resources of its own (see
 * {@link TestRegistry#application()}); instances register through the plain Java client, as
 * any program would.
 */
final class DnsTestRegistry implements AutoCloseable {

	static final String TOKEN = "dns-test-token";

	private final ConfigurableApplicationContext context;

	private final String prefix;

	private final int dnsPort;

	private final RegistryClient client;

	private DnsTestRegistry(ConfigurableApplicationContext context, int dnsPort) {
		this.context = context;
		this.prefix = context.getEnvironment().getRequiredProperty("beacon.registry.key-prefix");
		this.dnsPort = dnsPort;
		this.client = RegistryClient.create(TOKEN,
				URI.create("http://127.0.0.1:" + context.getEnvironment().getRequiredProperty("local.server.port")));
	}

	static String newPrefix() {
		return "dns" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * @param properties more properties, as {@code name=value}
	 * @return a registry with its DNS interface on, under a prefix of its own
	 */
	static DnsTestRegistry start(String... properties) {
		int dnsPort = FreePorts.next();
		List<String> args = new ArrayList<>(List.of("beacon.registry.dns.enabled=true",
				"beacon.registry.dns.port=" + dnsPort));
		args.addAll(List.of(properties));
		return new DnsTestRegistry(TestRegistry.application().run(arguments(newPrefix(), args)), dnsPort);
	}

	/**
	 * @param other a registry
	 * @return another registry server on the same Redis keys, without a DNS interface
	 */
	static DnsTestRegistry startBeside(DnsTestRegistry other) {
		return new DnsTestRegistry(TestRegistry.application().run(arguments(other.prefix, List.of())), 0);
	}

	static String[] arguments(String prefix, List<String> properties) {
		List<String> more = new ArrayList<>(List.of("server.address=127.0.0.1"));
		more.addAll(properties);
		return TestRegistry.arguments(RedisServers.shared(), prefix, TOKEN, more);
	}

	int dnsPort() {
		return this.dnsPort;
	}

	void register(String service, String id, String host, int port) {
		register(service, id, host, port, null, 1);
	}

	void register(String service, String id, String host, int port, @Nullable String zone, int weight) {
		this.client.register(service, id, new Registration(host, port, false, null, zone, weight, Map.of(), null));
	}

	/**
	 * Registers {@code count} instances, each at an address of its own.
	 * @param service the service
	 * @param network the addresses' first three bytes, such as {@code 10.1.2.}
	 * @param count how many, at most 254
	 * @return the addresses
	 */
	List<String> registerMany(String service, String network, int count) {
		List<String> addresses = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			register(service, service + "-" + i, network + i, 8080);
			addresses.add(network + i);
		}
		return addresses;
	}

	void status(String service, String id, InstanceStatus status) {
		this.client.changeStatus(service, id, status);
	}

	void deregister(String service, String id) {
		this.client.deregister(service, id);
	}

	MeterRegistry meters() {
		return this.context.getBean(MeterRegistry.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}

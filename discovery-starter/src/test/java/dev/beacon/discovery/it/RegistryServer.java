package dev.beacon.discovery.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.RedisEndpoint;
import dev.beacon.testsupport.TestCertificates;

/**
 * The packaged registry server, run as its own process on a free port, which can be stopped
 * and started again on the same port.
 */
final class RegistryServer implements AutoCloseable {

	static final String TOKEN = "it-token";

	private final RedisEndpoint redis;

	private final String prefix;

	private final String name;

	private final int port = FreePorts.next();

	private JavaProcess process;

	private boolean tls;

	RegistryServer(RedisEndpoint redis, String prefix, String name) {
		this.redis = redis;
		this.prefix = prefix;
		this.name = name;
	}

	RegistryServer start() {
		this.process = JavaProcess.start(Path.of(System.getProperty("registry.jar")), this.name, arguments(List.of()));
		this.process.awaitHttpOk(url() + "/actuator/health", Duration.ofSeconds(60));
		return this;
	}

	/**
	 * Starts the server on HTTPS only, with the server certificate of the given ones; its
	 * Actuator answers plain HTTP on a port of its own, for the wait until it is up.
	 * @param certificates the certificates
	 * @param extra further arguments, such as {@code --server.ssl.client-auth=need}
	 * @return this server
	 */
	RegistryServer startWithTls(TestCertificates certificates, String... extra) {
		this.tls = true;
		int management = FreePorts.next();
		List<String> arguments = new ArrayList<>(List.of("--server.ssl.bundle=registry",
				"--spring.ssl.bundle.jks.registry.keystore.location=file:" + certificates.serverKeyStore(),
				"--spring.ssl.bundle.jks.registry.keystore.password=" + TestCertificates.PASSWORD,
				"--spring.ssl.bundle.jks.registry.keystore.type=PKCS12",
				"--spring.ssl.bundle.jks.registry.truststore.location=file:" + certificates.trustStore(),
				"--spring.ssl.bundle.jks.registry.truststore.password=" + TestCertificates.PASSWORD,
				"--spring.ssl.bundle.jks.registry.truststore.type=PKCS12", "--management.server.port=" + management,
				"--management.server.ssl.enabled=false"));
		arguments.addAll(List.of(extra));
		this.process = JavaProcess.start(Path.of(System.getProperty("registry.jar")), this.name, arguments(arguments));
		this.process.awaitHttpOk("http://127.0.0.1:" + management + "/actuator/health", Duration.ofSeconds(60));
		return this;
	}

	private List<String> arguments(List<String> extra) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + this.port,
				"--spring.data.redis.host=" + this.redis.host(), "--spring.data.redis.port=" + this.redis.port(),
				"--beacon.registry.key-prefix=" + this.prefix, "--beacon.registry.security.tokens[0].value=" + TOKEN,
				"--beacon.registry.security.tokens[0].roles=read,write"));
		arguments.addAll(extra);
		return arguments;
	}

	String url() {
		return (this.tls ? "https" : "http") + "://127.0.0.1:" + this.port;
	}

	void kill() {
		this.process.kill();
	}

	@Override
	public void close() {
		if (this.process != null) {
			this.process.stop();
		}
	}

}

package dev.beacon.discovery.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.RedisEndpoint;

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

	RegistryServer(RedisEndpoint redis, String prefix, String name) {
		this.redis = redis;
		this.prefix = prefix;
		this.name = name;
	}

	RegistryServer start() {
		this.process = JavaProcess.start(Path.of(System.getProperty("registry.jar")), this.name,
				List.of("--server.port=" + this.port, "--spring.data.redis.host=" + this.redis.host(),
						"--spring.data.redis.port=" + this.redis.port(), "--beacon.registry.key-prefix=" + this.prefix,
						"--beacon.registry.security.tokens[0].value=" + TOKEN,
						"--beacon.registry.security.tokens[0].roles=read,write"));
		this.process.awaitHttpOk(url() + "/actuator/health", Duration.ofSeconds(60));
		return this;
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
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

package dev.beacon.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a {@code redis-server} in the foreground for the demo: {@code --port N} (default 6379),
 * bound to 127.0.0.1, without persistence, from the binary on the PATH, else from
 * embedded-redis's. Redis stops when this JVM is interrupted or terminated; this JVM exits when
 * Redis does.
 */
public final class RedisLauncher {

	private static final int DEFAULT_PORT = 6379;

	private RedisLauncher() {
	}

	public static void main(String[] args) throws InterruptedException {
		int port = port(args);
		RedisBinary binary = RedisBinary.locate();
		ManagedRedis redis = new ManagedRedis(binary, port);
		AtomicBoolean shuttingDown = new AtomicBoolean();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			shuttingDown.set(true);
			redis.stop();
		}, "beacon-redis-launcher"));
		redis.start();
		System.out.println("Redis ready on " + redis.endpoint().host() + ":" + port + " (" + binary + ")");
		int exitCode = redis.awaitExit();
		if (!shuttingDown.get()) {
			System.err.println("redis-server exited on its own with code " + exitCode);
			System.exit((exitCode != 0) ? exitCode : 1);
		}
	}

	private static int port(String[] args) {
		int port = DEFAULT_PORT;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--port")) {
				port = parsePort((i + 1 < args.length) ? args[++i] : "");
			}
			else if (arg.startsWith("--port=")) {
				port = parsePort(arg.substring("--port=".length()));
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'; usage: RedisLauncher [--port N]");
			}
		}
		return port;
	}

	private static int parsePort(String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--port needs a number, not '" + value + "'", ex);
		}
	}

}

package dev.beacon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A private {@code redis-server} process on a fixed loopback port, which its owner may stop and
 * start again, for tests that take Redis away from an application. The process keeps no data on
 * disk ({@code --save "" --appendonly no}), so a restart begins empty.
 *
 * @see RedisServers#startNew()
 */
public final class ManagedRedis implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private static final int LOG_TAIL_LINES = 20;

	private final RedisBinary binary;

	private final RedisEndpoint endpoint;

	private final List<String> arguments;

	private @Nullable Process process;

	ManagedRedis(RedisBinary binary, int port) {
		this(binary, port, serverArguments(port));
	}

	/**
	 * @param binary the {@code redis-server} binary
	 * @param port the port the arguments make it listen on
	 * @param arguments every argument after the binary's path
	 */
	ManagedRedis(RedisBinary binary, int port, List<String> arguments) {
		this.binary = binary;
		this.endpoint = new RedisEndpoint(HOST, port);
		this.arguments = List.copyOf(arguments);
	}

	public RedisEndpoint endpoint() {
		return endpoint;
	}

	RedisBinary binary() {
		return binary;
	}

	/**
	 * Start {@code redis-server} on this endpoint's port, unless it runs already, and wait until
	 * it answers {@code PING}.
	 * @throws IllegalStateException if it exits or does not answer within 10 seconds
	 */
	public synchronized void start() {
		if (process != null && process.isAlive()) {
			return;
		}
		stop(); // forgets a process that died on its own
		Path log = createLog();
		Process started = launch(log);
		ProcessReaper.register(started);
		process = started;
		try {
			awaitReady(started, log);
		}
		catch (RuntimeException ex) {
			stop();
			throw ex;
		}
	}

	/**
	 * Stop the process, if it runs, and wait for it to exit: SIGTERM, then SIGKILL after 10
	 * seconds. The port refuses connections afterwards.
	 */
	public synchronized void stop() {
		Process running = process;
		if (running == null) {
			return;
		}
		running.destroy();
		if (!ProcessReaper.awaitExit(running.toHandle(), STOP_TIMEOUT)) {
			running.destroyForcibly();
			ProcessReaper.awaitExit(running.toHandle(), STOP_TIMEOUT);
		}
		ProcessReaper.unregister(running);
		process = null;
	}

	/**
	 * A server on the port, on loopback, that keeps nothing on disk. It runs in the temporary
	 * directory, where another server may have left a {@code dump.rdb}: a file name of its own,
	 * which no one writes, keeps it from loading that at start (a restart must begin empty), and
	 * diskless replication writes no file at all.
	 */
	static List<String> serverArguments(int port) {
		return List.of("--port", String.valueOf(port), "--bind", HOST, "--save", "", "--appendonly", "no",
				"--dbfilename", "beacon-redis-" + port + "-" + UUID.randomUUID() + ".rdb", "--repl-diskless-sync", "yes",
				"--repl-diskless-sync-delay", "0", "--repl-diskless-load", "on-empty-db");
	}

	/**
	 * Kill the process with SIGKILL, as a crash of the machine would, and wait for it to exit.
	 */
	public synchronized void kill() {
		Process running = process;
		if (running == null) {
			return;
		}
		running.destroyForcibly();
		ProcessReaper.awaitExit(running.toHandle(), STOP_TIMEOUT);
		ProcessReaper.unregister(running);
		process = null;
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Block until the process exits, for {@link RedisLauncher}.
	 * @return its exit code, or {@code -1} if it was not running
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	int awaitExit() throws InterruptedException {
		Process running;
		synchronized (this) {
			running = process;
		}
		return (running != null) ? running.waitFor() : -1;
	}

	private Process launch(Path log) {
		List<String> command = new ArrayList<>();
		command.add(binary.path().toString());
		command.addAll(arguments);
		try {
			return new ProcessBuilder(command).directory(log.getParent().toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + binary, ex);
		}
	}

	/**
	 * Wait until the server answers PING and reports the id of the process started here (or of
	 * one of its descendants, should the binary be a wrapper): another server already listening
	 * on the port answers PING too.
	 */
	private void awaitReady(Process started, Path log) {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (!(RedisPing.answers(endpoint) && isOwnServer(started))) {
			if (!started.isAlive()) {
				throw failure("exited with code " + started.exitValue(), log);
			}
			if (Instant.now().isAfter(deadline)) {
				throw failure("did not answer PING within " + START_TIMEOUT.toSeconds() + " s", log);
			}
			try {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw failure("was interrupted while waiting for PONG", log);
			}
		}
	}

	private boolean isOwnServer(Process started) {
		OptionalLong pid = RedisPing.processId(endpoint);
		return pid.isPresent() && (pid.getAsLong() == started.pid()
				|| started.descendants().anyMatch((descendant) -> descendant.pid() == pid.getAsLong()));
	}

	private IllegalStateException failure(String what, Path log) {
		return new IllegalStateException("Redis (" + binary + ") on " + endpoint + " " + what + System.lineSeparator()
				+ LogFiles.tail(log, LOG_TAIL_LINES));
	}

	private Path createLog() {
		try {
			Path log = Files.createTempFile("beacon-redis-" + endpoint.port() + "-", ".log");
			log.toFile().deleteOnExit();
			return log;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a log file for redis-server", ex);
		}
	}

}

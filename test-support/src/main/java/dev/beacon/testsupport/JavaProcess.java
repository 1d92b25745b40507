package dev.beacon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A packaged application ({@code java -jar}) started by an integration test, its output in
 * {@code target/it-logs/<name>.log}. Stopping it also stops the processes it started.
 */
public final class JavaProcess implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

	private static final int LOG_TAIL_LINES = 40;

	/**
	 * System property with JVM options for every process started, separated by spaces. The
	 * integration tests set it (see the root pom); benchmarks never do, so that what they measure
	 * runs as in production.
	 */
	public static final String JVM_OPTIONS = "beacon.it.jvm-options";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final String name;

	private final Process process;

	private final Path log;

	private JavaProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Run {@code <java.home>/bin/java -jar jar args...}, stdout and stderr going to
	 * {@code target/it-logs/<name>.log} under the working directory.
	 * @param jar the executable jar
	 * @param name a name for the log file and messages
	 * @param args the application's arguments
	 * @return the started process
	 */
	public static JavaProcess start(Path jar, String name, List<String> args) {
		return run(name, List.of("-jar", packaged(jar)), args);
	}

	/**
	 * Like {@link #start(Path, String, List)}, but launched by Spring Boot's
	 * {@code PropertiesLauncher} with {@code loader.path}, so that the classes and resources
	 * under {@code loaderPath} join the application's: a test adds a bean to the packaged
	 * application this way (listed in {@code META-INF/spring/...AutoConfiguration.imports}).
	 * @param jar the executable jar
	 * @param loaderPath a directory of classes and resources
	 * @param name a name for the log file and messages
	 * @param args the application's arguments
	 * @return the started process
	 */
	public static JavaProcess startWithLoaderPath(Path jar, Path loaderPath, String name, List<String> args) {
		return run(name, List.of("-Dloader.path=" + loaderPath.toAbsolutePath(), "-cp", packaged(jar),
				"org.springframework.boot.loader.launch.PropertiesLauncher"), args);
	}

	private static String packaged(Path jar) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException("No jar at " + jar.toAbsolutePath() + " (was it packaged?)");
		}
		return jar.toAbsolutePath().toString();
	}

	private static JavaProcess run(String name, List<String> launch, List<String> args) {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString()));
		command.addAll(jvmOptions());
		command.addAll(launch);
		command.addAll(args);
		Path log = Path.of("target", "it-logs", name + ".log");
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ProcessReaper.register(process);
			return new JavaProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + ": " + String.join(" ", command), ex);
		}
	}

	/** The options every process gets, from {@value #JVM_OPTIONS}: none unless the build sets it. */
	private static List<String> jvmOptions() {
		String options = System.getProperty(JVM_OPTIONS, "").strip();
		return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
	}

	public Path log() {
		return log;
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	public long pid() {
		return process.pid();
	}

	/**
	 * Wait until {@code url} answers a GET with a 2xx status.
	 * @param url the URL to poll
	 * @param timeout how long to wait at most
	 * @throws IllegalStateException with the end of the log if the process exits or the time is
	 * up
	 */
	public void awaitHttpOk(String url, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build();
		Instant deadline = Instant.now().plus(timeout);
		String lastAnswer = "no answer";
		while (true) {
			if (!process.isAlive()) {
				throw failure("exited with code " + process.exitValue() + " before " + url + " answered 2xx");
			}
			try {
				int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status >= 200 && status < 300) {
					return;
				}
				lastAnswer = "HTTP " + status;
			}
			catch (IOException ex) {
				lastAnswer = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw failure("was interrupted while waiting for " + url);
			}
			if (Instant.now().isAfter(deadline)) {
				throw failure("did not answer 2xx on " + url + " within " + timeout + " (last: " + lastAnswer + ")");
			}
			pause();
		}
	}

	/**
	 * Kill the process and its descendants at once (SIGKILL) and wait for them to exit.
	 */
	public void kill() {
		List<ProcessHandle> descendants = process.descendants().toList();
		process.destroyForcibly();
		descendants.forEach(ProcessHandle::destroyForcibly);
		ProcessReaper.awaitExit(process.toHandle(), STOP_TIMEOUT);
		descendants.forEach((descendant) -> ProcessReaper.awaitExit(descendant, STOP_TIMEOUT));
		ProcessReaper.unregister(process);
	}

	/**
	 * Ask the process to stop (SIGTERM), wait up to 30 seconds, then kill it; then the same for
	 * the descendants it leaves behind.
	 */
	public void stop() {
		List<ProcessHandle> descendants = process.descendants().toList();
		process.destroy();
		if (!ProcessReaper.awaitExit(process.toHandle(), STOP_TIMEOUT)) {
			kill();
		}
		for (ProcessHandle descendant : descendants) {
			if (descendant.destroy() && !ProcessReaper.awaitExit(descendant, STOP_TIMEOUT)) {
				descendant.destroyForcibly();
				ProcessReaper.awaitExit(descendant, STOP_TIMEOUT);
			}
		}
		ProcessReaper.unregister(process);
	}

	@Override
	public void close() {
		stop();
	}

	@Override
	public String toString() {
		return name + " (pid " + process.pid() + ")";
	}

	private IllegalStateException failure(String what) {
		return new IllegalStateException(
				this + " " + what + System.lineSeparator() + LogFiles.tail(log, LOG_TAIL_LINES));
	}

	private void pause() {
		try {
			Thread.sleep(POLL_INTERVAL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure("was interrupted while polling");
		}
	}

}

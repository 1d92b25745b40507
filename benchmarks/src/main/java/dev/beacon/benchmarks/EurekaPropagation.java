package dev.beacon.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Workload 4 at Eureka: how long a registration and a deregistration take to reach Eureka's own
 * client at its default settings ({@link EurekaWatcher}, a process of its own). Eureka takes
 * tens of seconds, so the samples overlap: one change every {@link #SPACING}, then a wait until
 * the client saw every one or the cap after the last; registered samples renew every 30 s as
 * Eureka's clients do, so that self-preservation and the background crash measurement see only
 * live instances. Runs in the background while Beacon's workloads go on.
 */
final class EurekaPropagation implements AutoCloseable {

	static final String APP = "eprop";

	private static final Duration SPACING = Duration.ofMillis(100);

	private static final Duration RENEWAL_INTERVAL = Duration.ofSeconds(30);

	/** The delays of one kind of change; {@code capped} samples were never seen within the cap. */
	record Outcome(Histogram micros, int capped) {
	}

	private final RegistryApi eureka;

	private final Http http;

	private final int samples;

	private final Duration cap;

	private final Path file = Path.of("target", "eureka-watcher.txt").toAbsolutePath();

	private final CompletableFuture<List<Outcome>> outcome = new CompletableFuture<>();

	private ChildProcess watcher;

	private Thread driver;

	EurekaPropagation(RegistryApi eureka, Http http, int samples, Duration cap) {
		this.eureka = eureka;
		this.http = http;
		this.samples = samples;
		this.cap = cap;
	}

	/** Starts Eureka's watching client and, once it is up, the samples. */
	void start() {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		watcher = ChildProcess.java("eureka-watcher", EurekaWatcher.class,
				List.of("--eureka.client.service-url.defaultZone=" + eureka.baseUrl() + "/eureka/",
						"--bench.watch.service=" + APP, "--bench.watch.file=" + file));
		driver = new Thread(this::drive, "bench-eureka-propagation");
		driver.setDaemon(true);
		driver.start();
	}

	/**
	 * Waits for the outcome.
	 * @return registration, then deregistration; empty when it did not finish
	 */
	List<Outcome> await() {
		try {
			// start-up, then two phases of spaced changes, each waiting at most the cap
			long phaseSeconds = samples * SPACING.toMillis() / 1000 + cap.toSeconds() + 60;
			return outcome.get(120 + 2 * phaseSeconds, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			Benchmarks.log("Eureka propagation did not finish: " + ex);
			return List.of();
		}
	}

	private void drive() {
		try {
			waitFor((lines) -> lines.containsKey("ready"), Duration.ofSeconds(120));
			Map<String, Long> registered = change(true);
			Outcome up = outcomeOf(registered, "up");
			Map<String, Long> deregistered = change(false);
			Outcome down = outcomeOf(deregistered, "down");
			outcome.complete(List.of(up, down));
		}
		catch (RuntimeException | InterruptedException ex) {
			Benchmarks.log("Eureka propagation failed: " + ex);
			outcome.complete(List.of());
		}
	}

	/**
	 * Registers (or deregisters) every sample, one each {@link #SPACING}, renewing the
	 * registered ones meanwhile, then waits until the client saw each change or the cap passed.
	 * @return when each change call returned, in microseconds since the epoch, by instance id
	 */
	private Map<String, Long> change(boolean register) throws InterruptedException {
		Map<String, Long> done = new HashMap<>();
		long renewed = System.nanoTime();
		for (int i = 0; i < samples; i++) {
			String id = "eprop-" + i;
			http.expectOk(eureka.baseUrl(), eureka.headers(),
					register ? eureka.registerWithDefaultLease(APP, id, 41000 + i) : eureka.deregister(APP, id));
			done.put(id, epochMicros());
			renewed = renewIfDue(renewed, register ? i + 1 : samples);
			Thread.sleep(SPACING.toMillis());
		}
		String kind = register ? "up" : "down";
		long deadline = System.nanoTime() + cap.toNanos();
		while (System.nanoTime() < deadline && !seenAll(done, kind)) {
			renewed = renewIfDue(renewed, register ? samples : 0);
			Thread.sleep(200);
		}
		return done;
	}

	private long renewIfDue(long renewed, int registered) {
		if (System.nanoTime() - renewed < RENEWAL_INTERVAL.toNanos()) {
			return renewed;
		}
		for (int i = 0; i < registered; i++) {
			http.send(eureka.baseUrl(), eureka.headers(), eureka.heartbeat(APP, "eprop-" + i));
		}
		return System.nanoTime();
	}

	private boolean seenAll(Map<String, Long> done, String kind) {
		Map<String, Long> seen = read();
		return done.keySet().stream().allMatch((id) -> seen.containsKey(kind + " " + id));
	}

	private Outcome outcomeOf(Map<String, Long> done, String kind) {
		Map<String, Long> seen = read();
		Histogram micros = new Histogram(3);
		int capped = 0;
		for (Map.Entry<String, Long> change : done.entrySet()) {
			Long at = seen.get(kind + " " + change.getKey());
			if (at == null) {
				capped++;
				continue;
			}
			micros.recordValue(Math.max(0, at - change.getValue()));
		}
		return new Outcome(micros, capped);
	}

	/** The watcher's file: {@code "up <id>"} and {@code "down <id>"} to microseconds, and "ready". */
	private Map<String, Long> read() {
		Map<String, Long> lines = new HashMap<>();
		try {
			for (String line : Files.readAllLines(file)) {
				String[] parts = line.split(" ");
				if (parts.length == 3) {
					lines.putIfAbsent(parts[0] + " " + parts[1], Long.parseLong(parts[2]));
				}
				else if (line.equals("ready")) {
					lines.put("ready", 0L);
				}
			}
		}
		catch (NoSuchFileException ex) {
			// not started yet
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return lines;
	}

	private void waitFor(java.util.function.Predicate<Map<String, Long>> condition, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.test(read())) {
			if (!watcher.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException("Eureka's watching client did not start; see "
						+ "target/bench-logs/eureka-watcher.log");
			}
			Thread.sleep(200);
		}
	}

	private static long epochMicros() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
	}

	@Override
	public void close() {
		if (driver != null) {
			driver.interrupt();
		}
		if (watcher != null) {
			watcher.close();
		}
	}

}

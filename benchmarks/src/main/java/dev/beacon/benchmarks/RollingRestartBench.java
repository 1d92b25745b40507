package dev.beacon.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;

/**
 * A rolling restart of greeting instances under steady load through Beacon's gateway, once with
 * confirmed drain (the starter's default) and once with the fixed drain
 * ({@code beacon.discovery.confirm-drain=false}), in the same run: each instance in turn gets
 * SIGTERM, and its replacement starts on the same port once it exited. Each round's stops run with
 * that round's setting: the replacements of one round start with the next round's. Reports the
 * time from SIGTERM to exit per instance, the time the registry took to confirm, each round's
 * total time and the requests that failed.
 */
final class RollingRestartBench {

	private static final Pattern REACHED = Pattern.compile("reached (\\d+) watcher\\(s\\) on \\d+ registry server\\(s\\) in (\\d+) ms");

	private final Path root;

	private final String registryUrl;

	private final Http http;

	private final Report report;

	private final Deque<AutoCloseable> started;

	private final int instances;

	private final double rate;

	private final List<Integer> ports = new ArrayList<>();

	private final List<JavaProcess> running = new ArrayList<>();

	private int generation;

	RollingRestartBench(Path root, String registryUrl, Http http, Report report, Deque<AutoCloseable> started,
			int instances, double rate) {
		this.root = root;
		this.registryUrl = registryUrl;
		this.http = http;
		this.report = report;
		this.started = started;
		this.instances = instances;
		this.rate = rate;
	}

	/** What one round saw. */
	private record Round(String name, List<Long> stopMillis, List<Long> confirmMillis, long totalMillis, long requests,
			long failures, List<String> failed) {
	}

	void run() {
		int gatewayPort = FreePorts.next();
		JavaProcess gateway = JavaProcess.start(root.resolve("gateway/target/gateway.jar"), "rolling-gateway",
				List.of("--server.port=" + gatewayPort, "--management.server.port=" + FreePorts.next(),
						"--beacon.discovery.registry-url=" + registryUrl, "--beacon.discovery.token=" + Benchmarks.TOKEN));
		started.push(gateway);
		String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
		for (int i = 0; i < instances; i++) {
			ports.add(FreePorts.next());
			running.add(null);
		}
		Benchmarks.log("rolling restart: starting " + instances + " greeting instances and the gateway");
		for (int i = 0; i < instances; i++) {
			running.set(i, startInstance(i, true));
		}
		for (int i = 0; i < instances; i++) {
			running.get(i).awaitHttpOk("http://127.0.0.1:" + ports.get(i) + "/hello", Duration.ofSeconds(180));
		}
		gateway.awaitHttpOk(gatewayUrl + "/greeting/hello", Duration.ofSeconds(180));
		for (int i = 0; i < instances; i++) {
			CrashBench.awaitRoutedTo(http, gatewayUrl, instanceId(i));
		}
		Round confirmed = round("confirmed drain", gatewayUrl, false);
		Round fixed = round("fixed 2 s drain", gatewayUrl, true);
		report(confirmed, fixed);
	}

	/**
	 * Restarts every instance in turn under load; the replacements start with the drain setting
	 * of the round after.
	 */
	private Round round(String name, String gatewayUrl, boolean nextConfirms) {
		Benchmarks.log("rolling restart, " + name + ": " + instances + " instances one after the other");
		Load load = new Load(gatewayUrl, rate);
		load.start();
		List<Long> stops = new ArrayList<>();
		List<Long> confirmations = new ArrayList<>();
		long began = System.nanoTime();
		try {
			for (int i = 0; i < instances; i++) {
				JavaProcess stopping = running.get(i);
				long term = System.nanoTime();
				stopping.stop();
				stops.add((System.nanoTime() - term) / 1_000_000);
				started.remove(stopping);
				confirmationMillis(stopping.log()).ifPresent(confirmations::add);
				JavaProcess replacement = startInstance(i, nextConfirms);
				running.set(i, replacement);
				replacement.awaitHttpOk("http://127.0.0.1:" + ports.get(i) + "/hello", Duration.ofSeconds(180));
				CrashBench.awaitRoutedTo(http, gatewayUrl, instanceId(i));
			}
		}
		finally {
			load.stop();
		}
		long total = (System.nanoTime() - began) / 1_000_000;
		return new Round(name, stops, confirmations, total, load.requests.get(), load.failures.get(), load.failed);
	}

	private JavaProcess startInstance(int i, boolean confirmDrain) {
		JavaProcess process = JavaProcess.start(root.resolve("demo-services/greeting/target/greeting.jar"),
				"rolling-greeting-" + i + "-" + (generation++),
				List.of("--server.port=" + ports.get(i), "--beacon.discovery.registry-url=" + registryUrl,
						"--beacon.discovery.token=" + Benchmarks.TOKEN, "--beacon.discovery.host=127.0.0.1",
						"--beacon.discovery.instance-id=" + instanceId(i),
						"--beacon.discovery.confirm-drain=" + confirmDrain));
		started.push(process);
		return process;
	}

	private static String instanceId(int i) {
		return "greeting-rolling-" + i;
	}

	private static Optional<Long> confirmationMillis(Path log) {
		try {
			Matcher matcher = REACHED.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
			return matcher.find() ? Optional.of(Long.parseLong(matcher.group(2))) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private void report(Round confirmed, Round fixed) {
		for (Round round : List.of(confirmed, fixed)) {
			report.row("8. rolling restart of " + instances + " instances under " + Report.num(rate)
					+ " req/s through the gateway, " + round.name(), "SIGTERM → exit per instance, p50 / p99 / max",
					millis(percentile(round.stopMillis(), 50)) + " / " + millis(percentile(round.stopMillis(), 99)) + " / "
							+ millis(percentile(round.stopMillis(), 100)),
					"—", "—", "—");
			report.row("8. rolling restart, " + round.name(),
					"time stopping (sum of SIGTERM → exit) / whole restart with replacements' start-up / failed requests of all",
					Report.num(round.stopMillis().stream().mapToLong(Long::longValue).sum() / 1000.0) + " s / "
							+ Report.num(round.totalMillis() / 1000.0) + " s / " + round.failures() + " of "
							+ String.format(Locale.ROOT, "%,d", round.requests()),
					"—", "—", "0 failed: " + ((round.failures() == 0) ? "met" : "missed"));
			if (!round.failed().isEmpty()) {
				report.note("Rolling restart, " + round.name() + ": first failures: "
						+ String.join("; ", round.failed().subList(0, Math.min(5, round.failed().size()))));
			}
			report.raw("rolling." + round.name(), Map.of("stopMillis", round.stopMillis(), "confirmMillis",
					round.confirmMillis(), "totalMillis", round.totalMillis(), "requests", round.requests(), "failures",
					round.failures()));
		}
		if (!confirmed.confirmMillis().isEmpty()) {
			report.row("8. rolling restart, confirmed drain", "registry's confirmation that every watcher heard, p50 / max",
					millis(percentile(confirmed.confirmMillis(), 50)) + " / " + millis(percentile(confirmed.confirmMillis(), 100)),
					"—", "—", "tens of ms");
		}
		report.row("8. rolling restart", "SIGTERM → exit p50, confirmed ÷ fixed",
				Report.ratio(percentile(confirmed.stopMillis(), 50), percentile(fixed.stopMillis(), 50)), "—", "—",
				"well under the fixed drain");
	}

	private static String millis(double value) {
		return Report.num(value) + " ms";
	}

	private static double percentile(List<Long> values, int percentile) {
		List<Long> sorted = values.stream().sorted().toList();
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	/** Steady load through the gateway, a request per slot of an open schedule shared by a few threads. */
	private static final class Load {

		private static final int THREADS = 8;

		private final String url;

		private final double rate;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong requests = new AtomicLong();

		private final AtomicLong failures = new AtomicLong();

		private final List<String> failed = Collections.synchronizedList(new ArrayList<>());

		private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

		Load(String gatewayUrl, double rate) {
			this.url = gatewayUrl + "/greeting/hello";
			this.rate = rate;
		}

		void start() {
			long interval = (long) (THREADS * 1e9 / rate);
			for (int t = 0; t < THREADS; t++) {
				long offset = t * interval / THREADS;
				threads.execute(() -> call(offset, interval));
			}
		}

		private void call(long offset, long interval) {
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(2))
				.build();
			HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
			long next = System.nanoTime() + offset;
			while (running.get()) {
				long wait = next - System.nanoTime();
				if (wait > 0) {
					try {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				next += interval;
				requests.incrementAndGet();
				try {
					HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() != 200) {
						fail(response.statusCode() + " " + response.body());
					}
				}
				catch (IOException ex) {
					fail(ex.toString());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		private void fail(String what) {
			failures.incrementAndGet();
			if (failed.size() < 20) {
				failed.add(what.length() > 200 ? what.substring(0, 200) : what);
			}
		}

		void stop() {
			running.set(false);
			threads.shutdown();
			try {
				threads.awaitTermination(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}

package dev.beacon.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;

/**
 * Health checks run by the registry ({@code beacon.registry.checks.*}): many instances, each
 * registered with an HTTP check of its own path on one target server in this JVM, checked by one
 * registry server. The target notes when each instance's path is requested, so that how late the
 * checks run is measured where they land: the gap between two checks of one instance, less the
 * interval. Reports the registry's CPU over the measured time against the checks it ran.
 */
final class CheckBench {

	private static final Duration INTERVAL = Duration.ofSeconds(10);

	private final String registryUrl;

	private final long registryPid;

	private final Report report;

	private final int instances;

	private final Duration measured;

	CheckBench(String registryUrl, long registryPid, Report report, int instances, Duration measured) {
		this.registryUrl = registryUrl;
		this.registryPid = registryPid;
		this.report = report;
		this.instances = instances;
		this.measured = measured;
	}

	void run() {
		Target target = new Target(this.instances);
		try {
			Benchmarks.log("checks: registering " + this.instances + " instances with a check every "
					+ INTERVAL.toSeconds() + " s");
			register(target.port());
			// two intervals for the checks to spread and the registry's code to warm up
			sleep(INTERVAL.multipliedBy(2));
			Benchmarks.log("checks: measuring for " + this.measured.toSeconds() + " s");
			target.startMeasuring();
			long cpuBefore = ProcessCpu.micros(this.registryPid);
			long started = System.nanoTime();
			sleep(this.measured);
			double seconds = (System.nanoTime() - started) / 1e9;
			double cores = (ProcessCpu.micros(this.registryPid) - cpuBefore) / 1e6 / seconds;
			target.stopMeasuring();
			report(target, seconds, cores);
		}
		finally {
			target.close();
		}
	}

	private void register(int port) {
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failures = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(16);
		for (int t = 0; t < 16; t++) {
			threads.execute(() -> {
				HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
				for (int i = next.getAndIncrement(); i < this.instances; i = next.getAndIncrement()) {
					String service = String.format(Locale.ROOT, "checked-%03d", i % 100);
					String body = "{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"ttlSeconds\":3600,"
							+ "\"check\":{\"http\":\"/health/" + i + "\",\"interval\":\"" + INTERVAL.toSeconds()
							+ "s\",\"timeout\":\"2s\"}}";
					HttpRequest request = HttpRequest.newBuilder(URI.create(this.registryUrl + "/v1/services/" + service
							+ "/instances/c-" + i))
						.header("Authorization", "Bearer " + Benchmarks.TOKEN)
						.header("Content-Type", "application/json")
						.PUT(HttpRequest.BodyPublishers.ofString(body))
						.build();
					try {
						if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 != 2) {
							failures.incrementAndGet();
						}
					}
					catch (IOException ex) {
						failures.incrementAndGet();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			});
		}
		threads.shutdown();
		try {
			threads.awaitTermination(5, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (failures.get() > 0) {
			report.note("Checks: " + failures.get() + " of " + this.instances + " registrations failed.");
		}
	}

	private void report(Target target, double seconds, double cores) {
		Histogram lateness = target.lateness();
		double expected = this.instances * seconds / INTERVAL.toSeconds();
		String name = "9. health checks of " + String.format(Locale.ROOT, "%,d", this.instances)
				+ " instances every " + INTERVAL.toSeconds() + " s, one registry server, " + Math.round(seconds) + " s";
		report.row(name, "checks run / expected (one per instance and interval)",
				String.format(Locale.ROOT, "%,d / %,.0f", target.measuredRequests(), expected), "—", "—", "—");
		report.row(name, "lateness against the interval (gap between two checks of one instance − 10 s), p50 / p99 / max",
				Report.ms(lateness.getValueAtPercentile(50)) + " / " + Report.ms(lateness.getValueAtPercentile(99)) + " / "
						+ Report.ms(lateness.getMaxValue()),
				"—", "—", "p99 well under the interval: "
						+ ((lateness.getValueAtPercentile(99) < INTERVAL.toNanos() / 1000 / 10) ? "met" : "missed"));
		report.row(name, "registry CPU (cores) / per 1,000 checks a second",
				String.format(Locale.ROOT, "%.3f / %.3f", cores, cores / (target.measuredRequests() / seconds / 1000)), "—",
				"—", "—");
		report.raw("checks", Map.of("instances", this.instances, "seconds", seconds, "requests", target.measuredRequests(),
				"latenessP50Micros", lateness.getValueAtPercentile(50), "latenessP99Micros",
				lateness.getValueAtPercentile(99), "latenessMaxMicros", lateness.getMaxValue(), "cores", cores));
	}

	private static void sleep(Duration time) {
		try {
			Thread.sleep(time.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The instances' side: answers {@code 200} on {@code /health/<n>} and notes when each
	 * instance was last checked, and, while measuring, how late each check came.
	 */
	private static final class Target implements AutoCloseable {

		private final HttpServer server;

		private final ExecutorService handlers = Executors.newFixedThreadPool(4);

		private final AtomicLongArray lastCheck;

		private final Histogram lateness = new Histogram(Duration.ofSeconds(60).toNanos() / 1000, 3);

		private final AtomicInteger measuredRequests = new AtomicInteger();

		private volatile boolean measuring;

		Target(int instances) {
			this.lastCheck = new AtomicLongArray(instances);
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.setExecutor(this.handlers);
			this.server.createContext("/health/", (exchange) -> {
				long now = System.nanoTime();
				String path = exchange.getRequestURI().getPath();
				int instance = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
				long previous = this.lastCheck.getAndSet(instance, now);
				if (this.measuring && previous != 0) {
					this.measuredRequests.incrementAndGet();
					long lateMicros = Math.max(0, (now - previous - INTERVAL.toNanos()) / 1000);
					synchronized (this.lateness) {
						this.lateness.recordValue(Math.min(lateMicros, this.lateness.getHighestTrackableValue()));
					}
				}
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			this.server.start();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		void startMeasuring() {
			this.measuring = true;
		}

		void stopMeasuring() {
			this.measuring = false;
		}

		int measuredRequests() {
			return this.measuredRequests.get();
		}

		Histogram lateness() {
			synchronized (this.lateness) {
				return this.lateness.copy();
			}
		}

		@Override
		public void close() {
			this.server.stop(0);
			this.handlers.shutdownNow();
		}

	}

}

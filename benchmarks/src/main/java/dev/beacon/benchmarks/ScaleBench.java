package dev.beacon.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import dev.beacon.benchmarks.LoadGenerator.Plan;
import dev.beacon.benchmarks.LoadGenerator.Result;

/**
 * Workload 7 at scale, on Beacon alone: memory with 100,000 instances (the 10,000 of workload 1
 * plus 90,000 in 4,500 more services, registered through the API over many connections), then
 * thousands of watchers of one service on the one registry server and the time one change
 * takes to reach every one of them.
 */
final class ScaleBench {

	static final int SERVICES = 5_000;

	static final String FANOUT_SERVICE = "fanout";

	private static final int WARMUP_CHANGES = 5;

	private static final Pattern OPEN_FILES = Pattern.compile("(?m)^Max open files\\s+(\\d+|unlimited)");

	private final RegistryApi beacon;

	private final long registryPid;

	private final LoadGenerator load;

	private final Http http;

	private final Report report;

	private final LongSupplier redisUsedMemory;

	private final int connections;

	private final Duration registerCap;

	private final int watchers;

	private final int changes;

	ScaleBench(RegistryApi beacon, long registryPid, LoadGenerator load, Http http, Report report,
			LongSupplier redisUsedMemory, int connections, Duration registerCap, int watchers, int changes) {
		this.beacon = beacon;
		this.registryPid = registryPid;
		this.load = load;
		this.http = http;
		this.report = report;
		this.redisUsedMemory = redisUsedMemory;
		this.connections = connections;
		this.registerCap = registerCap;
		this.watchers = watchers;
		this.changes = changes;
	}

	/**
	 * @param redisEmpty Redis's used memory before any registration
	 * @param at10k the registry's heap after GC and RSS at 10,000 instances (MB)
	 */
	void run(long redisEmpty, double[] at10k) {
		int more = (SERVICES - Benchmarks.SERVICES) * Benchmarks.PER_SERVICE;
		Benchmarks.log("7. registering " + more + " more instances, " + connections + " connections");
		Plan plan = Plan.counted(beacon.baseUrl(), beacon.headers(), connections, more, (seq) -> {
			int service = Benchmarks.SERVICES + (int) (seq % (SERVICES - Benchmarks.SERVICES));
			int instance = (int) (seq / (SERVICES - Benchmarks.SERVICES));
			return beacon.register(RegistryApi.serviceName(service), RegistryApi.instanceId(service, instance),
					20000 + (int) (seq % 40000));
		}).withTimes(Duration.ZERO, registerCap);
		Result registered = load.run(plan);
		long total = Benchmarks.INSTANCES + registered.requests() - registered.errors();
		report.row("7. register " + String.format("%,d", more) + " more, to " + String.format("%,d", total) + " in "
				+ String.format("%,d", SERVICES) + " services (" + connections + " connections, cap "
				+ registerCap.toSeconds() + " s)", "registrations/s",
				Report.num(registered.perSecond()) + ((registered.errors() > 0) ? " (" + registered.errors() + " errors)" : ""),
				"not run (Eureka measured at 10,000 only)", "—", "—");
		report.raw("scale.register", registered);

		long redisFull = redisUsedMemory.getAsLong();
		double perInstance = (redisFull - redisEmpty) / (double) total;
		double heap = JvmMemory.heapAfterGcMb(registryPid);
		double rss = JvmMemory.rssMb(registryPid);
		String at = "at " + String.format("%,d", total);
		report.row("7. memory " + at, "Redis used_memory per instance (bytes; the change log is capped, so it weighs "
				+ "less per instance than at 10,000)", Report.num(perInstance), "—", "—",
				"< 1,024 B: " + (perInstance < 1024 ? "met" : "missed"));
		report.row("7. memory", "registry heap after full GC, 10,000 → " + String.format("%,d", total) + " (MB)",
				Report.num(at10k[0]) + " → " + Report.num(heap), "—", "—", "flat as instances grow");
		report.row("7. memory", "registry RSS, 10,000 → " + String.format("%,d", total) + " (MB)",
				Report.num(at10k[1]) + " → " + Report.num(rss), "—", "—", "—");
		report.raw("redis.usedMemory." + total, redisFull);
		report.raw("heap.beacon." + total + "Mb", heap);
		report.raw("rss.beacon." + total + "Mb", rss);

		fanout();
	}

	private void fanout() {
		long openFiles = openFileLimit();
		// this JVM holds one socket per watcher, the registry (same limit, inherited) one more each
		int count = (int) Math.min(watchers, Math.max(100, openFiles - 1_000));
		report.setting("open files (ulimit -n, not raised by the benchmark)", (openFiles == Long.MAX_VALUE)
				? "unlimited" : Long.toString(openFiles));
		if (count < watchers) {
			report.note("Watchers: " + count + " instead of " + watchers + ", as the open-file limit " + openFiles
					+ " allows; raise it (ulimit -n) for the full count.");
		}
		Benchmarks.log("7. fan-out to " + count + " watchers, " + changes + " changes");
		Histogram latency = new Histogram(Duration.ofSeconds(60).toNanos() / 1000, 3);
		Histogram slowest = new Histogram(Duration.ofSeconds(60).toNanos() / 1000, 3);
		long missing = 0;
		long clientBusy = 0;
		try (WatcherFanout fanout = new WatcherFanout(beacon.baseUrl(), Benchmarks.TOKEN, FANOUT_SERVICE)) {
			long opening = System.nanoTime();
			int open = fanout.open(count, Duration.ofSeconds(90));
			double openSeconds = (System.nanoTime() - opening) / 1e9;
			double rss = JvmMemory.rssMb(registryPid);
			report.row("7. " + String.format("%,d", count) + " watchers of `/v1/watch?services=" + FANOUT_SERVICE
					+ "` on one registry server", "watching (snapshot received) / time to open them all / registry RSS",
					open + " / " + Report.num(openSeconds) + " s / " + Report.num(rss) + " MB", "—", "—", "—");
			// the first changes run the delivery path through the JIT compiler: not measured
			for (int i = -WARMUP_CHANGES; i < changes; i++) {
				String id = "fanout-" + i;
				WatcherFanout.Arrivals arrivals = fanout.expect(id);
				long busyBefore = fanout.busyNanos();
				long changed = http.expectOk(beacon.baseUrl(), beacon.headers(),
						beacon.register(FANOUT_SERVICE, id, 30000 + i)).arrivedNanos();
				WatcherFanout.await(arrivals, Duration.ofSeconds(10));
				if (i < 0) {
					sleep(200);
					continue;
				}
				clientBusy += fanout.busyNanos() - busyBefore;
				long last = 0;
				for (int w = 0; w < arrivals.nanos().length(); w++) {
					long arrived = arrivals.nanos().get(w);
					if (arrived < 0) {
						missing++;
						continue;
					}
					long micros = Math.max(0, arrived - changed) / 1000;
					latency.recordValue(micros);
					last = Math.max(last, micros);
				}
				slowest.recordValue(last);
				sleep(500);
			}
			double p99 = latency.getValueAtPercentile(99);
			report.row("7. fan-out of one register to all " + String.format("%,d", count) + " watchers (" + changes
					+ " changes after " + WARMUP_CHANGES + " unmeasured, every watcher's arrival counted)", "p50 / p99 / max",
					Report.ms(latency.getValueAtPercentile(50)) + " / " + Report.ms(p99) + " / "
							+ Report.ms(latency.getMaxValue()) + ((missing > 0) ? " (" + missing + " never arrived)" : ""),
					"—", "—", "p99 < 200 ms: " + ((p99 < 200_000 && missing == 0) ? "met" : "missed"));
			report.note("Fan-out: the watching client's two event-loop threads spent " + Report.ms(clientBusy / 1000.0 / changes)
					+ " per change reading lines (of " + String.format("%,d", count) + " deliveries), so the spread of "
					+ "arrivals is the server's unless that figure nears the p50.");
			report.raw("fanout", java.util.Map.of("watchers", count, "open", open, "failures", fanout.failures(),
					"changes", changes, "p50Micros", latency.getValueAtPercentile(50), "p99Micros", p99, "maxMicros",
					latency.getMaxValue(), "lastArrivalP50Micros", slowest.getValueAtPercentile(50), "missing", missing,
					"clientBusyMicrosPerChange", clientBusy / 1000 / changes));
		}
	}

	/** The soft limit on open files of this process. */
	private static long openFileLimit() {
		try {
			Matcher matcher = OPEN_FILES.matcher(Files.readString(Path.of("/proc/self/limits")));
			if (matcher.find()) {
				return matcher.group(1).equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(matcher.group(1));
			}
		}
		catch (IOException ex) {
			// assume the common default below
		}
		return 1024;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

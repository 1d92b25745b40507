package dev.beacon.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.beacon.benchmarks.LoadGenerator.Plan;
import dev.beacon.benchmarks.LoadGenerator.Request;
import dev.beacon.benchmarks.LoadGenerator.Result;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;

/**
 * Workload 5 at Beacon, two crashes at once. A second greeting instance (the starter's defaults:
 * heartbeat every 5 s, lease 15 s) is killed with SIGKILL while the gateway carries a constant
 * rate of requests to both instances: the time until it is gone from the registry's reads, and
 * how many gateway requests failed. And an instance registered with the registry's default
 * lease then left silent, as {@link EurekaCrash} does at Eureka: the time from its last renewal
 * until it is gone from reads, for the side-by-side row.
 */
final class CrashBench {

	/** {@code beacon.registry.lease.default-ttl}; the benchmark starts the registry without changing it. */
	static final Duration DEFAULT_TTL = Duration.ofSeconds(15);

	/** {@code beacon.registry.reaper.interval}, likewise its default. */
	static final Duration REAPER_INTERVAL = Duration.ofSeconds(1);

	private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(2);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	private static final String CRASHED = "greeting-crash";

	private static final String SILENT = "crash-beacon";

	private final Path root;

	private final RegistryApi beacon;

	private final Http http;

	private final LoadGenerator load;

	private final Report report;

	private final Deque<AutoCloseable> started;

	private final double rate;

	CrashBench(Path root, RegistryApi beacon, Http http, LoadGenerator load, Report report,
			Deque<AutoCloseable> started, double rate) {
		this.root = root;
		this.beacon = beacon;
		this.http = http;
		this.load = load;
		this.report = report;
		this.started = started;
		this.rate = rate;
	}

	/** What one crash run saw; times from {@link System#nanoTime()}, -1 when never. */
	private record Outcome(long silentFrom, long silentGone, long killed, long exited, long victimGone,
			Result underLoad, Queue<long[]> answers) {

		double silentNanos() {
			return (silentGone < 0) ? -1 : silentGone - silentFrom;
		}

		double victimNanos() {
			return (victimGone < 0) ? -1 : victimGone - killed;
		}

	}

	void run(String gatewayUrl, EurekaCrash eureka) {
		int port = FreePorts.next();
		JavaProcess victim = JavaProcess.start(root.resolve("demo-services/greeting/target/greeting.jar"), CRASHED,
				List.of("--server.port=" + port, "--beacon.discovery.registry-url=" + beacon.baseUrl(),
						"--beacon.discovery.token=" + Benchmarks.TOKEN, "--beacon.discovery.host=127.0.0.1",
						"--beacon.discovery.instance-id=" + CRASHED));
		started.push(victim);
		victim.awaitHttpOk("http://127.0.0.1:" + port + "/hello", Duration.ofSeconds(120));
		awaitRoutedTo(http, gatewayUrl, CRASHED);
		report(crash(gatewayUrl, victim), eureka);
	}

	/**
	 * Starts the steady load, registers the silent instance and kills the victim at the same
	 * moment, then polls reads until both are gone and the load has run its course.
	 */
	private Outcome crash(String gatewayUrl, JavaProcess victim) {
		Plan steady = Plan.timed(gatewayUrl, Map.of("Accept", "application/json"), 16, Duration.ZERO, loadWindow(),
				(seq) -> Request.get("/greeting/hello")).atRate(rate);
		Queue<long[]> answers = new ConcurrentLinkedQueue<>();
		CompletableFuture<Result> underLoad = CompletableFuture.supplyAsync(() -> load
			.run(steady.listenedBy((sent, done, status) -> answers.add(new long[] { sent, done - sent, status }))));
		sleep(LOAD_BEFORE_KILL);
		long silentFrom = http.expectOk(beacon.baseUrl(), beacon.headers(),
				beacon.registerWithDefaultLease(EurekaCrash.APP, SILENT, 40999)).arrivedNanos();
		long killed = System.nanoTime();
		victim.kill();
		long exited = System.nanoTime();
		started.remove(victim);
		long deadline = killed + DEFAULT_TTL.plus(Duration.ofSeconds(10)).toNanos();
		long victimGone = -1;
		long silentGone = -1;
		while ((victimGone < 0 || silentGone < 0) && System.nanoTime() < deadline) {
			if (victimGone < 0) {
				victimGone = goneAt("greeting", CRASHED);
			}
			if (silentGone < 0) {
				silentGone = goneAt(EurekaCrash.APP, SILENT);
			}
			sleep(POLL_INTERVAL);
		}
		return new Outcome(silentFrom, silentGone, killed, exited, victimGone, underLoad.join(), answers);
	}

	/** From 2 s before the kill until 4 s past the latest the registry may drop the victim. */
	private static Duration loadWindow() {
		return LOAD_BEFORE_KILL.plus(DEFAULT_TTL).plus(REAPER_INTERVAL).plus(Duration.ofSeconds(4));
	}

	private void report(Outcome outcome, EurekaCrash eureka) {
		double bound = DEFAULT_TTL.plus(REAPER_INTERVAL).toNanos();
		String target = "≤ TTL + 1 s = " + DEFAULT_TTL.plus(REAPER_INTERVAL).toSeconds() + " s: ";
		Optional<Duration> atEureka = eureka.awaitGone();
		String eurekaFigure = atEureka.map((took) -> Report.num(took.toMillis() / 1000.0) + " s")
			.orElse("> " + eureka.cap().toSeconds() + " s (cap hit)");
		double silentNanos = outcome.silentNanos();
		report.row("5. crash: an instance renews, then falls silent (registry default lease: Beacon 15 s, Eureka 90 s)",
				"last renewal → gone from reads (s, lower is better)", seconds(silentNanos), eurekaFigure,
				atEureka.map((took) -> Report.ratio(silentNanos, took.toNanos()))
					.orElse("< " + Report.ratio(silentNanos, eureka.cap().toNanos())),
				target + met(silentNanos >= 0 && silentNanos <= bound));
		double victimNanos = outcome.victimNanos();
		report.row("5. crash: a greeting instance killed (SIGKILL), heartbeat 5 s, lease 15 s",
				"kill → gone from reads (s)", seconds(victimNanos), "—", "—",
				target + met(victimNanos >= 0 && victimNanos <= bound));
		Result underLoad = outcome.underLoad();
		report.row("5. crash: the gateway meanwhile, open loop " + Report.num(rate) + " req/s to two instances, from "
				+ LOAD_BEFORE_KILL.toSeconds() + " s before the kill to "
				+ Report.num(loadWindow().minus(LOAD_BEFORE_KILL).toMillis() / 1000.0) + " s after it",
				"failed requests (non-2xx or I/O error)",
				underLoad.errors() + " of " + underLoad.requests() + " (p99 " + Report.ms(underLoad.p99Micros())
						+ ", max " + Report.ms(underLoad.maxMicros()) + ")",
				"not measured (no Eureka gateway here)", "—", "0: " + met(underLoad.errors() == 0));
		report.note("Crash under load: the killed JVM was gone " + Report.ms((outcome.exited() - outcome.killed()) / 1000.0)
				+ " after SIGKILL; " + slowAnswers(outcome.answers(), outcome.killed()));
		report.row("5. crash: Eureka's documented worst case from its defaults", "—", "—",
				"lease 90 s (180 s in practice: a renewal adds the duration twice) + eviction every 60 s + read cache 30 s"
						+ " = 270 s at the server; + client fetch 30 s + LoadBalancer cache 35 s = 335 s at a client",
				"—", "—");
		report.raw("crash.beacon.silentToGoneNanos", silentNanos);
		report.raw("crash.beacon.killToGoneNanos", victimNanos);
		report.raw("crash.beacon.gatewayLoad", underLoad);
		report.raw("crash.eureka.silentToGoneNanos", atEureka.map(Duration::toNanos).orElse(-1L));
		report.raw("crash.eureka.capSeconds", eureka.cap().toSeconds());
	}

	/**
	 * When the slow gateway answers were sent, relative to the kill: a stall that the kill
	 * caused lies just after it, one of the machine's anywhere.
	 */
	private static String slowAnswers(Queue<long[]> answers, long killed) {
		long[] slowest = answers.stream().max(Comparator.comparingLong((answer) -> answer[1])).orElse(new long[3]);
		List<long[]> slow = answers.stream().filter((answer) -> answer[1] > 1_000_000_000L).toList();
		String worst = "slowest gateway answer " + Report.ms(slowest[1] / 1000.0) + ", due at "
				+ sinceKill(slowest[0], killed);
		if (slow.isEmpty()) {
			return worst + "; none over 1 s.";
		}
		long first = slow.stream().mapToLong((answer) -> answer[0]).min().getAsLong();
		long last = slow.stream().mapToLong((answer) -> answer[0]).max().getAsLong();
		return worst + "; " + slow.size() + " over 1 s, due from " + sinceKill(first, killed) + " to "
				+ sinceKill(last, killed) + ".";
	}

	private static String sinceKill(long nanos, long killed) {
		return String.format(Locale.ROOT, "kill %+.2f s", (nanos - killed) / 1e9);
	}

	/** Waits until the gateway has answered from the greeting instance {@code id}, so that it takes load. */
	static void awaitRoutedTo(Http http, String gatewayUrl, String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (http.send(gatewayUrl, Map.of(), Request.get("/greeting/hello")).body().contains(id)) {
				return;
			}
			sleep(Duration.ofMillis(50));
		}
		throw new IllegalStateException("the gateway did not route to " + id + " within 30 s");
	}

	/** The time the registry answered a read without the instance, or -1 while it still lists it. */
	private long goneAt(String service, String id) {
		Http.Answer read = http.send(beacon.baseUrl(), beacon.headers(), beacon.readService(service));
		boolean gone = (read.status() == 404) || (read.ok() && !read.body().contains("\"" + id + "\""));
		return gone ? read.arrivedNanos() : -1;
	}

	private static String seconds(double nanos) {
		return (nanos < 0) ? "not gone within the wait" : Report.num(nanos / 1e9) + " s";
	}

	private static String met(boolean met) {
		return met ? "met" : "missed";
	}

	private static void sleep(Duration time) {
		try {
			Thread.sleep(time.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

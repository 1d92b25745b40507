package dev.beacon.benchmarks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.beacon.benchmarks.LoadGenerator.Request;

/**
 * Workload 5 at Eureka: an instance registered as Eureka's client registers by default (lease
 * 90 s) renews once and then falls silent, as a crashed one does; the server's reads
 * ({@code GET /eureka/apps/CRASH}, answered from its response cache as for every client) are
 * polled each second until it is gone, or until the cap. Eureka takes minutes, so this runs in
 * the background while Beacon's workloads go on.
 * <p>
 * Healthy companions in the same app renew every 30 s, as live clients do: with none, Eureka's
 * self-preservation (on by default) would see renewals fall below 85% of those expected and
 * never evict anything, which measures a different failure than one crash among live instances.
 */
final class EurekaCrash implements AutoCloseable {

	static final String APP = "crash";

	static final String CRASHED = "crash-eureka";

	private static final int COMPANIONS = 50;

	private static final Duration RENEWAL_INTERVAL = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

	private final RegistryApi eureka;

	private final Http http;

	private final Duration cap;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "bench-eureka-crash");
		thread.setDaemon(true);
		return thread;
	});

	private final CompletableFuture<Optional<Duration>> gone = new CompletableFuture<>();

	private long lastRenewal;

	private long companionsRenewed;

	EurekaCrash(RegistryApi eureka, Http http, Duration cap) {
		this.eureka = eureka;
		this.http = http;
		this.cap = cap;
	}

	Duration cap() {
		return cap;
	}

	/** Registers the companions and the instance to crash, renews it once, and starts polling. */
	void start() {
		for (int i = 0; i < COMPANIONS; i++) {
			send(eureka.registerWithDefaultLease(APP, companion(i), 40000 + i));
		}
		send(eureka.registerWithDefaultLease(APP, CRASHED, 40999));
		companionsRenewed = System.nanoTime();
		lastRenewal = send(eureka.heartbeat(APP, CRASHED)).arrivedNanos();
		timer.scheduleWithFixedDelay(this::poll, POLL_INTERVAL.toMillis(), POLL_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Waits for the outcome.
	 * @return the time from the crashed instance's last renewal until it was gone from reads, or
	 * empty when the cap was reached first
	 */
	Optional<Duration> awaitGone() {
		try {
			return gone.get(cap.toSeconds() + 30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			return Optional.empty();
		}
	}

	private void poll() {
		try {
			long now = System.nanoTime();
			if (now - companionsRenewed >= RENEWAL_INTERVAL.toNanos()) {
				for (int i = 0; i < COMPANIONS; i++) {
					send(eureka.heartbeat(APP, companion(i)));
				}
				companionsRenewed = now;
			}
			Http.Answer read = http.send(eureka.baseUrl(), eureka.headers(), eureka.readService(APP));
			if (read.status() == 404 || (read.ok() && !read.body().contains(CRASHED))) {
				gone.complete(Optional.of(Duration.ofNanos(read.arrivedNanos() - lastRenewal)));
			}
			else if (now - lastRenewal > cap.toNanos()) {
				gone.complete(Optional.empty());
			}
		}
		catch (RuntimeException ex) {
			Benchmarks.log("Eureka crash poll failed: " + ex);
		}
		if (gone.isDone()) {
			timer.shutdown();
		}
	}

	private Http.Answer send(Request request) {
		return http.expectOk(eureka.baseUrl(), eureka.headers(), request);
	}

	private static String companion(int i) {
		return String.format("crash-companion-%02d", i);
	}

	@Override
	public void close() {
		timer.shutdownNow();
	}

}

package dev.beacon.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import dev.beacon.benchmarks.LoadGenerator.Request;

/**
 * Instances that keep their leases as clients do, for a timeline around a Redis failover: one
 * thread per instance registers it, then sends its heartbeat through the registry's API every
 * interval (at once when the previous answer came later than that), one at a time, and every
 * heartbeat's answer is noted. Each registers on its own thread so that a short lease does not
 * run out while the others register. An instance whose heartbeat answers {@code 404} (evicted)
 * is not registered again, so that a read afterwards shows what was lost.
 */
final class HeartbeatLoops implements AutoCloseable {

	/**
	 * One heartbeat: the instance's index in {@link #ids()}, when it was sent and answered
	 * ({@link System#nanoTime()}) and its status, -1 for an I/O error or a timeout.
	 */
	record Beat(int instance, long sentNanos, long doneNanos, int status) {

		boolean ok() {
			return status >= 200 && status < 300;
		}

	}

	private final Http http;

	private final RegistryApi api;

	private final List<String> services;

	private final List<String> ids;

	private final List<Request> registrations;

	private final Duration interval;

	private final Queue<Beat> beats = new ConcurrentLinkedQueue<>();

	private final AtomicReferenceArray<Beat> latest;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	/**
	 * @param services the service of each instance
	 * @param ids the id of each instance, in the same order
	 * @param registrations the registration of each instance, in the same order
	 */
	HeartbeatLoops(Http http, RegistryApi api, List<String> services, List<String> ids, List<Request> registrations,
			Duration interval) {
		this.http = http;
		this.api = api;
		this.services = List.copyOf(services);
		this.ids = List.copyOf(ids);
		this.registrations = List.copyOf(registrations);
		this.interval = interval;
		this.latest = new AtomicReferenceArray<>(ids.size());
	}

	List<String> ids() {
		return ids;
	}

	/** The service of the {@code instance}-th instance. */
	String service(int instance) {
		return services.get(instance);
	}

	void start() {
		for (int i = 0; i < ids.size(); i++) {
			int instance = i;
			Thread thread = new Thread(() -> beat(instance), "bench-heartbeat-" + ids.get(i));
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
	}

	/** Every heartbeat answered so far. */
	List<Beat> beats() {
		return List.copyOf(beats);
	}

	/** Whether the latest answer of every instance satisfies {@code condition} (false before any). */
	boolean everyLatest(Predicate<Beat> condition) {
		for (int i = 0; i < latest.length(); i++) {
			Beat beat = latest.get(i);
			if (beat == null || !condition.test(beat)) {
				return false;
			}
		}
		return true;
	}

	/** The instances' latest answers, counted by status ("none" before the first), for a message. */
	String latestStatuses() {
		Map<String, Integer> counts = new TreeMap<>();
		for (int i = 0; i < latest.length(); i++) {
			Beat beat = latest.get(i);
			counts.merge((beat != null) ? Integer.toString(beat.status()) : "none", 1, Integer::sum);
		}
		return counts.toString();
	}

	private void beat(int instance) {
		String service = services.get(instance);
		String id = ids.get(instance);
		while (running && status(registrations.get(instance)) / 100 != 2) {
			LockSupport.parkNanos(interval.toNanos());
		}
		long due = System.nanoTime();
		while (running) {
			long sent = System.nanoTime();
			int status = status(api.heartbeat(service, id));
			if (!running) {
				return;
			}
			Beat beat = new Beat(instance, sent, System.nanoTime(), status);
			beats.add(beat);
			latest.set(instance, beat);
			if (status == 404) {
				return;
			}
			due = Math.max(due + interval.toNanos(), System.nanoTime());
			LockSupport.parkNanos(due - System.nanoTime());
		}
	}

	/** The status of the request's answer, -1 for an I/O error or a timeout. */
	private int status(Request request) {
		try {
			return http.send(api.baseUrl(), api.headers(), request).status();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	@Override
	public void close() {
		running = false;
		threads.forEach(Thread::interrupt);
		for (Thread thread : threads) {
			try {
				thread.join(Duration.ofSeconds(15).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}

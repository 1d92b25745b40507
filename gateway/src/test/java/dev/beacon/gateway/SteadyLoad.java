package dev.beacon.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Calls a URL without pause from a few threads until stopped, counting answers and keeping the
 * failures (any non-2xx answer or exception) for the assertion message.
 */
final class SteadyLoad implements AutoCloseable {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger succeeded = new AtomicInteger();

	private final Queue<String> failures = new ConcurrentLinkedQueue<>();

	private final List<Thread> threads = new ArrayList<>();

	private SteadyLoad(String url, int threads) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				while (this.running.get()) {
					try {
						int status = this.http.send(request, BodyHandlers.ofString()).statusCode();
						if (status / 100 == 2) {
							this.succeeded.incrementAndGet();
						}
						else {
							this.failures.add("status " + status);
						}
					}
					catch (Exception ex) {
						this.failures.add(ex.toString());
					}
				}
			}, "steady-load-" + i);
			thread.start();
			this.threads.add(thread);
		}
	}

	static SteadyLoad start(String url, int threads) {
		return new SteadyLoad(url, threads);
	}

	/** Waits until this many more requests succeeded (or any failed). */
	void awaitMore(int requests) {
		int target = this.succeeded.get() + requests;
		await().atMost(Duration.ofSeconds(60)).until(() -> this.succeeded.get() >= target || !this.failures.isEmpty());
	}

	int succeeded() {
		return this.succeeded.get();
	}

	List<String> failures() {
		return List.copyOf(this.failures);
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(Duration.ofSeconds(30).toMillis());
		}
	}

}

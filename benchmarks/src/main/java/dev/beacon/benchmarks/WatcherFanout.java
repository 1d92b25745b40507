package dev.beacon.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Many watchers of {@code /v1/watch} held by two Netty event-loop threads, not a thread each:
 * every watcher notes the moment ({@link System#nanoTime()}) the {@code register} event of an
 * expected instance reaches it, so one change's fan-out to all of them can be timed.
 */
final class WatcherFanout implements AutoCloseable {

	private static final int CONNECT_BATCH = 250;

	private final LoopResources loops = LoopResources.create("bench-watchers", 2, true);

	private final HttpClient client;

	private final String path;

	private final List<Disposable> streams = new ArrayList<>();

	private final AtomicInteger snapshots = new AtomicInteger();

	private final AtomicInteger failures = new AtomicInteger();

	private final AtomicLong busyNanos = new AtomicLong();

	private final Map<String, Arrivals> expected = new ConcurrentHashMap<>();

	/** When each watcher received the event of one instance; -1 while it has not. */
	record Arrivals(AtomicLongArray nanos, CountDownLatch all) {

		Arrivals(int watchers) {
			this(filled(watchers), new CountDownLatch(watchers));
		}

		private static AtomicLongArray filled(int watchers) {
			AtomicLongArray nanos = new AtomicLongArray(watchers);
			for (int i = 0; i < watchers; i++) {
				nanos.set(i, -1);
			}
			return nanos;
		}

	}

	WatcherFanout(String baseUrl, String token, String service) {
		this.client = HttpClient.create(ConnectionProvider.newConnection())
			.runOn(loops)
			.baseUrl(baseUrl)
			.headers((headers) -> headers.set("Authorization", "Bearer " + token).set("Accept", "text/event-stream"));
		this.path = "/v1/watch?services=" + service;
	}

	/**
	 * Opens {@code count} watchers, a batch at a time, each batch once the one before has its
	 * snapshots, so that the server's accept queue never overflows.
	 * @return how many watchers hold a stream with its snapshot
	 */
	int open(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int i = 0; i < count; i++) {
			int watcher = streams.size();
			streams.add(client.get()
				.uri(path)
				.responseContent()
				.asString(StandardCharsets.UTF_8)
				.subscribe(new Lines(watcher)::accept, (error) -> failures.incrementAndGet()));
			if (streams.size() % CONNECT_BATCH == 0 || i == count - 1) {
				while (snapshots.get() + failures.get() < streams.size() && System.nanoTime() < deadline) {
					sleep(10);
				}
			}
		}
		return snapshots.get();
	}

	int failures() {
		return failures.get();
	}

	/**
	 * Time the event-loop threads spent reading lines so far, to tell whether this client,
	 * rather than the server, is what spreads the arrivals.
	 */
	long busyNanos() {
		return busyNanos.get();
	}

	/** Starts listening for the register event of {@code id}; call before the change. */
	Arrivals expect(String id) {
		return expected.computeIfAbsent(id, (key) -> new Arrivals(streams.size()));
	}

	static boolean await(Arrivals arrivals, Duration timeout) {
		try {
			return arrivals.all().await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** One watcher's stream cut into lines; an event line may arrive split over two chunks. */
	private final class Lines {

		private final int watcher;

		private final StringBuilder partial = new StringBuilder();

		private boolean registerEvent;

		Lines(int watcher) {
			this.watcher = watcher;
		}

		void accept(String chunk) {
			long now = System.nanoTime();
			int start = 0;
			int end;
			while ((end = chunk.indexOf('\n', start)) >= 0) {
				partial.append(chunk, start, end);
				line(partial, now);
				partial.setLength(0);
				start = end + 1;
			}
			partial.append(chunk, start, chunk.length());
			busyNanos.addAndGet(System.nanoTime() - now);
		}

		private void line(CharSequence line, long now) {
			String text = line.toString();
			if (text.startsWith("event:")) {
				String event = text.substring(6).trim();
				registerEvent = event.equals("register");
				if (event.equals("snapshot")) {
					snapshots.incrementAndGet();
				}
			}
			else if (registerEvent && text.startsWith("data:")) {
				int at = text.indexOf("\"id\":\"");
				if (at >= 0) {
					String id = text.substring(at + 6, text.indexOf('"', at + 6));
					Arrivals arrivals = expected.get(id);
					if (arrivals != null && arrivals.nanos().compareAndSet(watcher, -1, now)) {
						arrivals.all().countDown();
					}
				}
			}
		}

	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		streams.forEach(Disposable::dispose);
		loops.disposeLater().block(Duration.ofSeconds(10));
	}

}

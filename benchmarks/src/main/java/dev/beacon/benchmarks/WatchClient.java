package dev.beacon.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A watching client of Beacon's {@code /v1/watch} stream on the JDK's HttpClient: notes the
 * moment ({@link System#nanoTime()}) each event arrives, so a caller can wait for the event of
 * the change it just made.
 */
final class WatchClient implements AutoCloseable {

	private static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z]+)\"");

	private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

	private final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private final InputStream stream;

	private final Thread reader;

	WatchClient(HttpClient http, String baseUrl, String token, String services) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/watch?services=" + services))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream")
			.build();
		try {
			this.stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		this.reader = new Thread(this::read, "bench-watch-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/** The arrival time of the event {@code type} (register, deregister...) of instance {@code id}. */
	CompletableFuture<Long> arrival(String type, String id) {
		return arrivals.computeIfAbsent(type + " " + id, (key) -> new CompletableFuture<>());
	}

	/** How many events of {@code type} (register, expire..., or snapshot) arrived so far. */
	long count(String type) {
		LongAdder count = counts.get(type);
		return (count != null) ? count.sum() : 0;
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String event = "";
			String line;
			while ((line = lines.readLine()) != null) {
				long now = System.nanoTime();
				if (line.startsWith("event:")) {
					event = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					counts.computeIfAbsent(event, (type) -> new LongAdder()).increment();
					if (event.equals("snapshot")) {
						arrival("snapshot", "").complete(now);
						continue;
					}
					Matcher type = TYPE.matcher(line);
					Matcher id = ID.matcher(line);
					if (type.find() && id.find()) {
						arrival(type.group(1), id.group(1)).complete(now);
					}
				}
			}
		}
		catch (IOException ex) {
			// closed
		}
	}

	/**
	 * Nanoseconds from the request until the whole {@code snapshot} event of a new watcher of
	 * every service has arrived: Beacon's full-catalog read.
	 */
	static long snapshotNanos(HttpClient http, String baseUrl, String token) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/watch"))
			.header("Authorization", "Bearer " + token)
			.header("Accept", "text/event-stream")
			.timeout(Duration.ofSeconds(30))
			.build();
		long start = System.nanoTime();
		try (InputStream body = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body();
				BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String line;
			boolean snapshot = false;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("event:snapshot")) {
					snapshot = true;
				}
				else if (snapshot && line.startsWith("data:")) {
					if (!line.contains("svc-0499-19")) {
						throw new IllegalStateException("snapshot without the last benchmark instance");
					}
					return System.nanoTime() - start;
				}
			}
			throw new IllegalStateException("watch stream ended before its snapshot");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		try {
			stream.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		reader.interrupt();
	}

}

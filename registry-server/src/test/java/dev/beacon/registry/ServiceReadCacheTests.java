package dev.beacon.registry;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plain reads of a service are answered from memory between its changes, and never show a
 * change late to the client that made it: a change through this server shows in the next read
 * at once, a change through another server as soon as this server's change feed has it.
 */
class ServiceReadCacheTests {

	private static TestRegistry first;

	private static TestRegistry second;

	@BeforeAll
	static void start() {
		String prefix = TestRegistry.newPrefix();
		first = TestRegistry.start(prefix);
		second = TestRegistry.start(prefix);
	}

	@AfterAll
	static void stop() {
		first.close();
		second.close();
	}

	@Test
	void repeatedReadsOfAnUnchangedServiceAreAnsweredFromMemory() {
		first.register("steady", "steady-1", Map.of("host", "10.4.0.1", "port", 8080));
		double hitsBefore = hits(first);
		for (int i = 0; i < 10; i++) {
			assertThat(first.instanceIds("steady")).containsExactly("steady-1");
		}
		assertThat(hits(first) - hitsBefore).isGreaterThanOrEqualTo(9);
	}

	@Test
	void everyChangeThroughAServerShowsInItsNextRead() {
		first.register("own", "own-1", Map.of("host", "10.4.0.2", "port", 8080));
		assertThat(first.instanceIds("own")).containsExactly("own-1");
		assertThat(first.instanceIds("own")).containsExactly("own-1");

		first.register("own", "own-2", Map.of("host", "10.4.0.3", "port", 8080));
		assertThat(first.instanceIds("own")).containsExactly("own-1", "own-2");

		assertThat(heartbeatWithStatus(first, "own", "own-2", "DOWN")).isEqualTo(204);
		assertThat(statusOf(first.service("own"), "own-2")).isEqualTo("DOWN");

		assertThat(first.heartbeat("own", "own-2")).isEqualTo(204);
		assertThat(statusOf(first.service("own"), "own-2")).isEqualTo("DOWN");

		assertThat(first.deregister("own", "own-1")).isEqualTo(204);
		assertThat(first.instanceIds("own")).containsExactly("own-2");
	}

	@Test
	void aChangeThroughAnotherServerReachesReadsOnThisOne() {
		first.register("shared-read", "shared-read-1", Map.of("host", "10.4.0.4", "port", 8080));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> second.instanceIds("shared-read").equals(List.of("shared-read-1")));
		assertThat(second.instanceIds("shared-read")).containsExactly("shared-read-1");

		first.register("shared-read", "shared-read-2", Map.of("host", "10.4.0.5", "port", 8080));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> second.instanceIds("shared-read").equals(List.of("shared-read-1", "shared-read-2")));

		assertThat(heartbeatWithStatus(first, "shared-read", "shared-read-1", "OUT_OF_SERVICE")).isEqualTo(204);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> "OUT_OF_SERVICE".equals(statusOf(second.service("shared-read"), "shared-read-1")));

		assertThat(first.deregister("shared-read", "shared-read-2")).isEqualTo(204);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> second.instanceIds("shared-read").equals(List.of("shared-read-1")));
	}

	@Test
	void anExpiredLeaseLeavesReadsThatWereAnsweredFromMemory() {
		first.register("short-lived", "short-lived-1", Map.of("host", "10.4.0.6", "port", 8080, "ttlSeconds", 1));
		assertThat(second.instanceIds("short-lived")).containsExactly("short-lived-1");
		assertThat(second.instanceIds("short-lived")).containsExactly("short-lived-1");
		await().atMost(Duration.ofSeconds(10)).until(() -> second.instanceIds("short-lived").isEmpty());
		assertThat(first.instanceIds("short-lived")).isEmpty();
	}

	@Test
	void withTheCacheSizeZeroEveryReadGoesToRedis() {
		try (TestRegistry uncached = TestRegistry.start(first.prefix(), "beacon.registry.read-cache.max-size=0")) {
			first.register("uncached", "uncached-1", Map.of("host", "10.4.0.7", "port", 8080));
			assertThat(uncached.instanceIds("uncached")).containsExactly("uncached-1");
			first.register("uncached", "uncached-2", Map.of("host", "10.4.0.8", "port", 8080));
			assertThat(uncached.instanceIds("uncached")).containsExactly("uncached-1", "uncached-2");
			assertThat(cacheGets(uncached).meters()).isEmpty();
		}
	}

	/**
	 * Two reads sent in one write, the first from Redis and the second from memory: the second
	 * waits in Reactor Netty until the first is answered. Then a third read on the same
	 * connection must be answered too.
	 */
	@Test
	void readsQueuedOnAKeepAliveConnectionAreAllAnswered() throws IOException {
		first.register("queued-a", "queued-a-1", Map.of("host", "10.4.0.9", "port", 8080));
		first.register("queued-b", "queued-b-1", Map.of("host", "10.4.0.10", "port", 8080));
		assertThat(first.instanceIds("queued-b")).containsExactly("queued-b-1");
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), first.port())) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			out.write((read("queued-a") + read("queued-b")).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			assertThat(readAnswer(in)).contains("queued-a-1");
			assertThat(readAnswer(in)).contains("queued-b-1");
			for (int i = 0; i < 3; i++) {
				out.write(read("queued-b").getBytes(StandardCharsets.US_ASCII));
				out.flush();
				assertThat(readAnswer(in)).contains("queued-b-1");
			}
		}
	}

	private static String read(String service) {
		return "GET /v1/services/" + service + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
				+ TestRegistry.TOKEN + "\r\n\r\n";
	}

	/** The body of one answer with a Content-Length. */
	private static String readAnswer(InputStream in) throws IOException {
		int length = -1;
		String line;
		while (!(line = readLine(in)).isEmpty()) {
			if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		assertThat(length).isPositive();
		return new String(in.readNBytes(length), StandardCharsets.UTF_8);
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) != '\n') {
			if (c < 0) {
				throw new EOFException("connection closed");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	private static int heartbeatWithStatus(TestRegistry registry, String service, String id, String status) {
		return registry.client()
			.put()
			.uri("/v1/services/{service}/instances/{id}/heartbeat", service, id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("status", status))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10));
	}

	@SuppressWarnings("unchecked")
	private static Object statusOf(Map<String, Object> service, String id) {
		return ((List<Map<String, Object>>) service.get("instances")).stream()
			.filter((instance) -> id.equals(instance.get("id")))
			.map((instance) -> instance.get("status"))
			.findFirst()
			.orElse(null);
	}

	private static double hits(TestRegistry registry) {
		return cacheGets(registry).tag("result", "hit").functionCounter().count();
	}

	private static Search cacheGets(TestRegistry registry) {
		return registry.context().getBean(MeterRegistry.class).find("cache.gets").tag("cache", "service-documents");
	}

}

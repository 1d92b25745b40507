package dev.beacon.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import dev.beacon.client.Delivery;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUrls;
import dev.beacon.client.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A deregistration or status change made with {@code await=delivered}: answered once every
 * watcher of every live registry server has been handed it, saying how many; servers that
 * stopped are not waited for.
 */
class ConfirmedDeliveryTests {

	private static final Map<String, Object> INSTANCE = Map.of("host", "10.8.0.1", "port", 8080);

	private TestRegistry first;

	private TestRegistry second;

	private String prefix;

	@BeforeEach
	void start() {
		this.prefix = TestRegistry.newPrefix();
		this.first = TestRegistry.start(this.prefix);
		this.second = TestRegistry.start(this.prefix);
	}

	@AfterEach
	void stop() {
		this.first.close();
		if (this.second != null) {
			this.second.close();
		}
	}

	@Test
	void removalIsAnsweredOnceEveryWatcherOnEveryServerHasIt() {
		this.first.register("leaving", "leaving-1", INSTANCE);
		try (WatchRecorder onFirst = WatchRecorder.watch(this.first, "?services=leaving");
				WatchRecorder onSecond = WatchRecorder.watch(this.second, "?services=leaving")) {
			onFirst.awaitSnapshot();
			onSecond.awaitSnapshot();

			Delivery delivery = client(this.first).deregisterDelivered("leaving", "leaving-1", Duration.ofSeconds(5));

			assertThat(delivery).isNotNull();
			assertThat(delivery.delivered()).isTrue();
			assertThat(delivery.servers()).isEqualTo(2);
			assertThat(delivery.watchers()).isGreaterThanOrEqualTo(2);
			assertThat(delivery.behind()).isEmpty();
			onFirst.awaitEvent("deregister", "leaving-1");
			onSecond.awaitEvent("deregister", "leaving-1");
			assertThat(fanOuts(this.first)).isPositive();
			assertThat(fanOuts(this.second)).isPositive();
		}
	}

	/** How many changes the server's fan-out timer saw reach all its watchers. */
	private static long fanOuts(TestRegistry registry) {
		return registry.context().getBean(MeterRegistry.class).get("beacon.registry.watch.fanout").timer().count();
	}

	@Test
	void aWatcherThatStopsReadingHoldsTheAnswerUntilItIsCutAndIsReported() throws IOException {
		this.second.close();
		this.second = TestRegistry.start(this.prefix, "beacon.registry.watch.buffer-size=16");
		assertThat(this.first.register("bulky", "bulky-1", bulkyInstance())).isEqualTo(201);
		List<Delivery> answers = new ArrayList<>();
		try (Socket stalled = stalledWatcher(this.second.url(), "bulky")) {
			// each change carries the instance's 14 kB of metadata: the socket's buffers fill, then
			// the connection's queue, then the watcher's own buffer, until the server cuts it
			boolean up = false;
			for (int change = 0; change < 2000 && answers.stream().noneMatch((answer) -> answer.cut() > 0); change++) {
				answers.add(setStatus(this.first, "bulky", "bulky-1", up ? "UP" : "OUT_OF_SERVICE", "300ms"));
				up = !up;
			}
		}

		assertThat(answers).anySatisfy((held) -> {
			assertThat(held.delivered()).isFalse();
			assertThat(held.notReached()).isEqualTo(1);
			assertThat(held.cut()).isZero();
			assertThat(held.behind()).hasSize(1);
		});
		Delivery cut = answers.get(answers.size() - 1);
		assertThat(cut.cut()).as("answers: %s", answers).isEqualTo(1);
		assertThat(cut.notReached()).isEqualTo(1);
		assertThat(cut.delivered()).isTrue();
	}

	/**
	 * Opens a watch stream that sends its request and never reads the answer, through a
	 * receive buffer as small as the system allows.
	 */
	static Socket stalledWatcher(String registryUrl, String service) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(1024);
		URI url = URI.create(registryUrl);
		socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5000);
		String request = "GET /v1/watch?services=" + service + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\n"
				+ "Authorization: Bearer " + TestRegistry.TOKEN + "\r\nAccept: text/event-stream\r\n\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	static Map<String, Object> bulkyInstance() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		for (int i = 0; i < 14; i++) {
			metadata.put("padding-" + i, "x".repeat(1000));
		}
		return Map.of("host", "10.8.0.9", "port", 8080, "metadata", metadata);
	}

	/** Sets a status through a registry, waiting for its delivery, and answers the confirmation. */
	static Delivery setStatus(TestRegistry registry, String service, String id, String status, String timeout) {
		String answer = registry.client()
			.put()
			.uri("/v1/services/{service}/instances/{id}/status?await=delivered&timeout=" + timeout, service, id)
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.bodyValue("{\"status\":\"" + status + "\"}")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		return new WireCodec().decodeDelivery(answer);
	}

	@Test
	void aServerThatStoppedIsNotWaitedFor() {
		this.first.register("leaving", "leaving-2", INSTANCE);
		this.second.close();
		this.second = null;

		Delivery delivery = client(this.first).deregisterDelivered("leaving", "leaving-2", Duration.ofSeconds(5));

		assertThat(delivery.delivered()).isTrue();
		assertThat(delivery.servers()).isEqualTo(1);
	}

	@Test
	void statusChangeWaitsTheSameWay() {
		this.first.register("resting", "resting-1", INSTANCE);
		try (WatchRecorder watcher = WatchRecorder.watch(this.second, "?services=resting")) {
			watcher.awaitSnapshot();

			String answer = this.first.client()
				.put()
				.uri("/v1/services/resting/instances/resting-1/status?await=delivered&timeout=5s")
				.header(HttpHeaders.CONTENT_TYPE, "application/json")
				.bodyValue("{\"status\":\"OUT_OF_SERVICE\"}")
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(10));

			Delivery delivery = new WireCodec().decodeDelivery(answer);
			assertThat(delivery.delivered()).isTrue();
			assertThat(delivery.servers()).isEqualTo(2);
			watcher.awaitEvent("status", "resting-1");
		}
	}

	@Test
	void withoutAwaitTheAnswerIsAsBefore() {
		this.first.register("plain", "plain-1", INSTANCE);
		assertThat(this.first.deregister("plain", "plain-1")).isEqualTo(204);
	}

	@Test
	void aWrongAwaitOrTimeoutIsRefusedNamingIt() {
		this.first.register("odd", "odd-1", INSTANCE);
		assertThat(status(HttpMethod.DELETE, "/v1/services/odd/instances/odd-1?await=applied")).isEqualTo(400);
		assertThat(status(HttpMethod.DELETE, "/v1/services/odd/instances/odd-1?await=delivered&timeout=soon"))
			.isEqualTo(400);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.first.instanceIds("odd").contains("odd-1"));
	}

	private int status(HttpMethod method, String path) {
		return this.first.client()
			.method(method)
			.uri(URI.create(this.first.url() + path))
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(10));
	}

	private static RegistryClient client(TestRegistry registry) {
		return RegistryClient.create(new RegistryUrls(List.of(URI.create(registry.url()))), TestRegistry.TOKEN,
				Duration.ofSeconds(10));
	}

}

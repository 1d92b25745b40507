package dev.beacon.registry;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limits on open watch streams and blocking queries: per token ({@code 429}) and per server
 * ({@code 503}), both with {@code Retry-After}, counted, and lifted as soon as one closes.
 */
class OpenStreamLimitsTests {

	private static final String OTHER_TOKEN = "test-token-other-app";

	private TestRegistry registry;

	@BeforeEach
	void start() {
		this.registry = TestRegistry.start(TestRegistry.newPrefix(), "beacon.registry.watch.max-open=3",
				"beacon.registry.watch.max-open-per-token=2", "beacon.registry.security.tokens[0].name=app",
				"beacon.registry.security.tokens[1].name=other", "beacon.registry.security.tokens[1].value=" + OTHER_TOKEN,
				"beacon.registry.security.tokens[1].roles=read");
	}

	@AfterEach
	void stop() {
		this.registry.close();
	}

	@Test
	void aTokenBeyondItsShareIsAskedToRetryLaterAndMayOnceOneOfItsStreamsCloses() {
		WatchRecorder first = WatchRecorder.watch(this.registry);
		try (WatchRecorder second = WatchRecorder.watch(this.registry)) {
			first.awaitSnapshot();
			second.awaitSnapshot();

			Refusal watch = refusal("/v1/watch", TestRegistry.TOKEN);
			assertThat(watch.status()).isEqualTo(429);
			assertThat(watch.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
			assertThat(watch.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(watch.detail()).contains("'app'", "beacon.registry.watch.max-open-per-token");
			assertThat(refusal("/v1/services/orders?index=0&wait=10s", TestRegistry.TOKEN).status())
				.as("a blocking query counts as one").isEqualTo(429);
			assertThat(refusedCount("token")).isEqualTo(2);

			first.close();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				try (WatchRecorder again = WatchRecorder.watch(this.registry)) {
					again.awaitSnapshot();
				}
			});
		}
	}

	@Test
	void aFullServerSendsEveryNewStreamElsewhereWhateverItsToken() {
		try (WatchRecorder first = WatchRecorder.watch(this.registry);
				WatchRecorder second = WatchRecorder.watch(this.registry);
				WatchRecorder third = WatchRecorder.watchWithToken(this.registry, "", OTHER_TOKEN)) {
			first.awaitSnapshot();
			second.awaitSnapshot();
			third.awaitSnapshot();

			Refusal full = refusal("/v1/watch", OTHER_TOKEN);
			assertThat(full.status()).isEqualTo(503);
			assertThat(full.headers().getFirst(HttpHeaders.RETRY_AFTER)).isNotNull();
			assertThat(full.detail()).contains("beacon.registry.watch.max-open").contains("another");
			assertThat(refusedCount("server")).isEqualTo(1);
		}
	}

	private Refusal refusal(String path, String token) {
		return TestRegistry.webClient()
			.baseUrl(this.registry.url())
			.build()
			.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Refusal(response.statusCode().value(), response.headers().asHttpHeaders(), body)))
			.block(Duration.ofSeconds(10));
	}

	private double refusedCount(String limit) {
		return this.registry.context()
			.getBean(MeterRegistry.class)
			.get("beacon.registry.watch.refused")
			.tag("limit", limit)
			.counter()
			.count();
	}

	private record Refusal(int status, HttpHeaders headers, String body) {

		@SuppressWarnings("unchecked")
		String detail() {
			return (String) JsonMapper.shared().readValue(this.body, Map.class).get("detail");
		}

	}

}

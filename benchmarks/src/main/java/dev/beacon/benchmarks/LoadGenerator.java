package dev.beacon.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A closed-loop HTTP/1.1 load generator on Reactor Netty: {@code connections} keep-alive
 * connections, each sending its next request as soon as the previous answer arrived, all on one
 * event-loop thread (like {@code wrk -t1}). Latency goes into an HdrHistogram; answers outside
 * 2xx count as errors.
 */
final class LoadGenerator implements AutoCloseable {

	/** One request: method, path (with query) and an optional JSON body. */
	record Request(HttpMethod method, String path, @Nullable String body) {

		static Request get(String path) {
			return new Request(HttpMethod.GET, path, null);
		}

		static Request put(String path, @Nullable String body) {
			return new Request(HttpMethod.PUT, path, body);
		}

		static Request post(String path, String body) {
			return new Request(HttpMethod.POST, path, body);
		}

	}

	/**
	 * What to run: either for a time after a warm-up ({@code maxRequests == 0}), or until
	 * {@code maxRequests} requests were answered (no warm-up).
	 */
	record Plan(String baseUrl, Map<String, String> headers, int connections, Duration warmup, Duration duration,
			long maxRequests, LongFunction<Request> requests) {

		static Plan timed(String baseUrl, Map<String, String> headers, int connections, Duration warmup,
				Duration duration, LongFunction<Request> requests) {
			return new Plan(baseUrl, headers, connections, warmup, duration, 0, requests);
		}

		static Plan counted(String baseUrl, Map<String, String> headers, int connections, long count,
				LongFunction<Request> requests) {
			return new Plan(baseUrl, headers, connections, Duration.ZERO, Duration.ofMinutes(5), count, requests);
		}

	}

	/** Throughput and latency (microseconds) of the measured part of a run. */
	record Result(long requests, long errors, double seconds, double perSecond, double p50Micros, double p99Micros,
			double maxMicros, @JsonIgnore Histogram histogram) {

		static Result of(long requests, long errors, double seconds, Histogram histogram) {
			return new Result(requests, errors, seconds, requests / seconds, histogram.getValueAtPercentile(50),
					histogram.getValueAtPercentile(99), histogram.getMaxValue(), histogram);
		}

		Result plus(Result other) {
			Histogram sum = histogram.copy();
			sum.add(other.histogram());
			return of(requests + other.requests(), errors + other.errors(), seconds + other.seconds(), sum);
		}

	}

	/**
	 * Runs plans against each other on a noisy machine: each warms up, then their measured time
	 * is cut into {@code rounds} slices run in turn (A B C, C B A, A B C...), so that whatever
	 * else the machine does weighs on all alike.
	 * @return the merged result of each plan, in the order given
	 */
	Result[] compare(int rounds, Plan... plans) {
		for (Plan plan : plans) {
			run(withTimes(plan, Duration.ZERO, plan.warmup()));
		}
		Result[] results = new Result[plans.length];
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < plans.length; i++) {
				int index = (round % 2 == 0) ? i : plans.length - 1 - i;
				Plan plan = plans[index];
				Result slice = run(withTimes(plan, Duration.ZERO, plan.duration().dividedBy(rounds)));
				results[index] = (results[index] != null) ? results[index].plus(slice) : slice;
			}
		}
		return results;
	}

	private static Plan withTimes(Plan plan, Duration warmup, Duration duration) {
		return new Plan(plan.baseUrl(), plan.headers(), plan.connections(), warmup, duration, plan.maxRequests(),
				plan.requests());
	}

	private final LoopResources loop = LoopResources.create("bench-load", 1, true);

	Result run(Plan plan) {
		ConnectionProvider pool = ConnectionProvider.builder("bench")
			.maxConnections(plan.connections())
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofSeconds(30))
			.build();
		try {
			HttpClient client = HttpClient.create(pool).runOn(loop).baseUrl(plan.baseUrl()).keepAlive(true)
				.responseTimeout(Duration.ofSeconds(10))
				.headers((headers) -> plan.headers().forEach(headers::set));
			Histogram histogram = new Histogram(Duration.ofSeconds(60).toNanos() / 1000, 3);
			AtomicLong sequence = new AtomicLong();
			AtomicLong measured = new AtomicLong();
			AtomicLong errors = new AtomicLong();
			long start = System.nanoTime();
			long measureFrom = start + plan.warmup().toNanos();
			long end = measureFrom + plan.duration().toNanos();
			long[] lastDone = { measureFrom };
			boolean counted = plan.maxRequests() > 0;
			Mono<Boolean> one = Mono.defer(() -> {
				long seq = sequence.getAndIncrement();
				if (counted && seq >= plan.maxRequests()) {
					return Mono.just(false);
				}
				Request request = plan.requests().apply(seq);
				long sent = System.nanoTime();
				return send(client, request).onErrorResume((ex) -> {
					noteError(ex.toString());
					return Mono.delay(Duration.ofMillis(10)).thenReturn(-1);
				}).map((status) -> {
					long done = System.nanoTime();
					if (done >= measureFrom) {
						synchronized (histogram) {
							histogram.recordValue(Math.max(1, (done - sent) / 1000));
							lastDone[0] = Math.max(lastDone[0], done);
						}
						measured.incrementAndGet();
						if (status < 200 || status >= 300) {
							errors.incrementAndGet();
							if (status > 0) {
								noteError("HTTP " + status + " for " + request.method() + " " + request.path());
							}
						}
					}
					return true;
				});
			});
			Flux.range(0, plan.connections())
				.flatMap((i) -> one.repeat(() -> counted ? sequence.get() < plan.maxRequests() : System.nanoTime() < end)
					.takeWhile((more) -> more)
					.then(), plan.connections())
				.then()
				.block(plan.warmup().plus(plan.duration()).plusSeconds(60));
			double seconds = (lastDone[0] - measureFrom) / 1e9;
			long count = measured.get();
			return Result.of(count, errors.get(), seconds, histogram);
		}
		finally {
			pool.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	private static Mono<Integer> send(HttpClient client, Request request) {
		HttpClient.RequestSender sender = client.request(request.method()).uri(request.path());
		HttpClient.ResponseReceiver<?> receiver;
		if (request.body() != null) {
			receiver = sender.send(ByteBufFlux.fromString(Mono.just(request.body())));
		}
		else if (request.method() == HttpMethod.GET) {
			receiver = sender;
		}
		else {
			receiver = client.headers((h) -> h.set(HttpHeaderNames.CONTENT_LENGTH, 0))
				.request(request.method())
				.uri(request.path());
		}
		return receiver.responseSingle((response, body) -> body.asString()
			.defaultIfEmpty("")
			.map((ignored) -> response.status().code()));
	}

	private static final AtomicLong errorsNoted = new AtomicLong();

	private static void noteError(String what) {
		if (errorsNoted.incrementAndGet() <= 20) {
			System.err.println("  load error: " + what);
		}
	}

	@Override
	public void close() {
		loop.disposeLater().block(Duration.ofSeconds(10));
	}

}

package dev.beacon.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.netty.handler.codec.http.HttpMethod;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 load generator: {@code connections} blocking keep-alive connections, one platform
 * thread each (a fixed pool). Closed loop by default: each connection sends its next request as
 * soon as the previous answer arrived. Open loop when a plan has a rate: request {@code n} is due
 * at {@code start + n / rate} whatever the answers before it did, and its latency counts from
 * that due time, so a server that stalls is charged for the requests it held up (no coordinated
 * omission). Latency goes into HdrHistograms; answers outside 2xx count as errors. (A first
 * version on Reactor Netty topped out near 22,000 req/s against nginx answering a constant, where
 * wrk reached 68,000: the generator itself limited what it measured.)
 */
final class LoadGenerator implements AutoCloseable {

	static final Duration WARMUP_SLICE = Duration.ofSeconds(3);

	private final Duration maxWarmup;

	/** @param maxWarmup the longest a closed-loop plan warms up before it is measured */
	LoadGenerator(Duration maxWarmup) {
		this.maxWarmup = maxWarmup;
	}

	Duration maxWarmup() {
		return maxWarmup;
	}

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
	 * {@code maxRequests} requests were answered (no warm-up) or the time is up; closed loop, or open loop at
	 * {@code perSecond} requests per second when that is positive.
	 */
	record Plan(String baseUrl, Map<String, String> headers, int connections, Duration warmup, Duration duration,
			long maxRequests, double perSecond, LongFunction<Request> requests, Listener listener, long[] servers) {

		static Plan timed(String baseUrl, Map<String, String> headers, int connections, Duration warmup,
				Duration duration, LongFunction<Request> requests) {
			return new Plan(baseUrl, headers, connections, warmup, duration, 0, 0, requests, Listener.NONE,
					new long[0]);
		}

		static Plan counted(String baseUrl, Map<String, String> headers, int connections, long count,
				LongFunction<Request> requests) {
			return new Plan(baseUrl, headers, connections, Duration.ZERO, Duration.ofMinutes(5), count, 0, requests,
					Listener.NONE, new long[0]);
		}

		/** The same plan, open loop at a constant rate. */
		Plan atRate(double perSecond) {
			return new Plan(baseUrl, headers, connections, warmup, duration, maxRequests, perSecond, requests, listener,
					servers);
		}

		/** The same plan, telling {@code listener} of every answer. */
		Plan listenedBy(Listener listener) {
			return new Plan(baseUrl, headers, connections, warmup, duration, maxRequests, perSecond, requests, listener,
					servers);
		}

		Plan withTimes(Duration warmup, Duration duration) {
			return new Plan(baseUrl, headers, connections, warmup, duration, maxRequests, perSecond, requests, listener,
					servers);
		}

		/**
		 * The same plan, naming the JVMs that serve it (process ids), whose JIT compilers its
		 * warm-up waits for.
		 */
		Plan servedBy(long... pids) {
			return new Plan(baseUrl, headers, connections, warmup, duration, maxRequests, perSecond, requests, listener,
					pids);
		}

		boolean openLoop() {
			return perSecond > 0;
		}

	}

	/**
	 * Told of every answer (or failure, status -1) as it comes, from the connections' threads:
	 * for a timeline around an event such as a crash.
	 */
	@FunctionalInterface
	interface Listener {

		Listener NONE = (sentNanos, doneNanos, status) -> {
		};

		void answered(long sentNanos, long doneNanos, int status);

	}

	/**
	 * Throughput and latency (microseconds) of the measured part of a run, the CPU time
	 * (microseconds) each of the plan's servers ({@link Plan#servedBy}) used during the run, and
	 * the requests per second of each warm-up slice before it (empty when it had none of its own).
	 */
	record Result(long requests, long errors, double seconds, double perSecond, double p50Micros, double p99Micros,
			double maxMicros, List<Long> serverCpuMicros, List<Double> warmupRates, @JsonIgnore Histogram histogram) {

		static Result of(long requests, long errors, double seconds, List<Long> serverCpuMicros, Histogram histogram) {
			return new Result(requests, errors, seconds, requests / seconds, histogram.getValueAtPercentile(50),
					histogram.getValueAtPercentile(99), histogram.getMaxValue(), List.copyOf(serverCpuMicros), List.of(),
					histogram);
		}

		Result plus(Result other) {
			Histogram sum = histogram.copy();
			sum.add(other.histogram());
			List<Long> cpu = new ArrayList<>();
			for (int i = 0; i < serverCpuMicros.size(); i++) {
				cpu.add(serverCpuMicros.get(i) + other.serverCpuMicros().get(i));
			}
			return of(requests + other.requests(), errors + other.errors(), seconds + other.seconds(), cpu, sum);
		}

		Result afterWarmup(List<Double> rates) {
			return new Result(requests, errors, seconds, perSecond, p50Micros, p99Micros, maxMicros, serverCpuMicros,
					List.copyOf(rates), histogram);
		}

		/** CPU microseconds per answered request of the {@code server}-th server of the plan. */
		double cpuMicrosPerRequest(int server) {
			return serverCpuMicros.get(server) / (double) Math.max(1, requests);
		}

	}

	/**
	 * Runs plans against each other on a noisy machine: each warms up until its rate is steady
	 * ({@link #warm}), then their measured time is cut into {@code rounds} slices run in turn
	 * (A B C, C B A, A B C...), so that whatever else the machine does weighs on all alike.
	 * @return the merged result of each plan, in the order given
	 */
	Result[] compare(int rounds, Plan... plans) {
		List<List<Double>> warmups = new ArrayList<>();
		for (Plan plan : plans) {
			warmups.add(warm(plan));
		}
		Result[] results = new Result[plans.length];
		for (int round = 0; round < rounds; round++) {
			for (int i = 0; i < plans.length; i++) {
				int index = (round % 2 == 0) ? i : plans.length - 1 - i;
				Plan plan = plans[index];
				Result slice = run(plan.withTimes(Duration.ZERO, plan.duration().dividedBy(rounds)));
				results[index] = (results[index] != null) ? results[index].plus(slice) : slice;
			}
		}
		for (int i = 0; i < plans.length; i++) {
			results[i] = results[i].afterWarmup(warmups.get(i));
		}
		return results;
	}

	/**
	 * Warms a closed-loop plan until its servers are warm: on 2 cores a JVM's JIT compiler can
	 * take half a minute of CPU before a server as large as a gateway reaches its steady rate
	 * (measured: 1,000 req/s in the first 8 s, 7,900 after 40 s, with plateaus on the way), so a
	 * fixed short warm-up would compare compilers, not servers. Slices of {@link #WARMUP_SLICE}
	 * run until, in one slice, the compilers of the plan's JVMs ({@link Plan#servedBy}) used
	 * less than a tenth of a core and the rate was no more than 5% above the best before it;
	 * after at least the plan's warm-up and at most {@code maxWarmup}. An open-loop plan, whose
	 * rate is fixed, warms for its warm-up only.
	 * @return the requests per second of each warm-up slice
	 */
	List<Double> warm(Plan plan) {
		if (plan.openLoop()) {
			run(plan.withTimes(Duration.ZERO, plan.warmup()));
			return List.of();
		}
		List<Double> rates = new ArrayList<>();
		long start = System.nanoTime();
		double best = 0;
		double compiled = JitActivity.compilerSeconds(plan.servers());
		while (true) {
			double rate = run(plan.withTimes(Duration.ZERO, WARMUP_SLICE)).perSecond();
			rates.add(rate);
			double nowCompiled = JitActivity.compilerSeconds(plan.servers());
			boolean compiling = nowCompiled - compiled > 0.1 * WARMUP_SLICE.toMillis() / 1000.0;
			compiled = nowCompiled;
			boolean climbing = rate > best * 1.05;
			best = Math.max(best, rate);
			long spent = System.nanoTime() - start;
			if (spent >= maxWarmup.toNanos() || (!climbing && !compiling && spent >= plan.warmup().toNanos())) {
				return rates;
			}
		}
	}

	Result run(Plan plan) {
		URI base = URI.create(plan.baseUrl());
		ExecutorService threads = Executors.newFixedThreadPool(plan.connections());
		AtomicLong sequence = new AtomicLong();
		long[] cpuBefore = Arrays.stream(plan.servers()).map(ProcessCpu::micros).toArray();
		long start = System.nanoTime();
		long measureFrom = start + plan.warmup().toNanos();
		long end = measureFrom + plan.duration().toNanos();
		boolean counted = plan.maxRequests() > 0;
		double nanosBetween = plan.openLoop() ? 1e9 / plan.perSecond() : 0;
		List<Future<long[]>> workers = new ArrayList<>();
		List<Histogram> histograms = new ArrayList<>();
		for (int i = 0; i < plan.connections(); i++) {
			Histogram histogram = new Histogram(Duration.ofSeconds(60).toNanos() / 1000, 3);
			histograms.add(histogram);
			workers.add(threads.submit(() -> {
				long[] counts = new long[3]; // measured, errors, last completion
				try (HttpConnection connection = new HttpConnection(base.getHost(), base.getPort(), plan.headers())) {
					while (true) {
						long seq = sequence.getAndIncrement();
						long due = plan.openLoop() ? start + (long) (seq * nanosBetween) : 0;
						if ((counted && seq >= plan.maxRequests()) || (plan.openLoop() ? due : System.nanoTime()) >= end) {
							return counts;
						}
						Request request = plan.requests().apply(seq);
						if (plan.openLoop()) {
							awaitDue(due);
						}
						long sent = plan.openLoop() ? due : System.nanoTime();
						int status;
						try {
							status = connection.exchange(request);
						}
						catch (IOException | RuntimeException ex) {
							noteError(ex.toString());
							status = -1;
							Thread.sleep(10);
						}
						long done = System.nanoTime();
						plan.listener().answered(sent, done, status);
						if ((plan.openLoop() ? due : done) >= measureFrom) {
							histogram.recordValue(Math.max(1, (done - sent) / 1000));
							counts[0]++;
							counts[2] = Math.max(counts[2], done);
							if (status < 200 || status >= 300) {
								counts[1]++;
								if (status > 0) {
									noteError("HTTP " + status + " for " + request.method() + " " + request.path());
								}
							}
						}
					}
				}
			}));
		}
		long measured = 0;
		long errors = 0;
		long lastDone = measureFrom;
		Histogram all = new Histogram(Duration.ofSeconds(60).toNanos() / 1000, 3);
		try {
			for (int i = 0; i < workers.size(); i++) {
				long[] counts = workers.get(i).get();
				measured += counts[0];
				errors += counts[1];
				lastDone = Math.max(lastDone, counts[2]);
				all.add(histograms.get(i));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			threads.shutdownNow();
		}
		double seconds = counted ? (lastDone - start) / 1e9 : (lastDone - measureFrom) / 1e9;
		List<Long> cpu = new ArrayList<>();
		for (int i = 0; i < cpuBefore.length; i++) {
			cpu.add(ProcessCpu.micros(plan.servers()[i]) - cpuBefore[i]);
		}
		return Result.of(measured, errors, seconds, cpu, all);
	}

	private static void awaitDue(long due) {
		long wait;
		while ((wait = due - System.nanoTime()) > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	private static final AtomicLong errorsNoted = new AtomicLong();

	private static void noteError(String what) {
		if (errorsNoted.incrementAndGet() <= 20) {
			System.err.println("  load error: " + what);
		}
	}

	@Override
	public void close() {
		// every run stops its own threads
	}

}

package dev.beacon.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.beacon.benchmarks.LoadGenerator.Plan;
import dev.beacon.benchmarks.LoadGenerator.Request;
import dev.beacon.benchmarks.LoadGenerator.Result;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;

/**
 * Whether each of the gateway's replacements of Spring Cloud Gateway and Reactor Netty parts
 * pays: the same gateway jar started once with {@code beacon.gateway.tuning.enabled=false}
 * (stock), once per part with only that part on, and once with every part on, all routing
 * {@code /greeting/hello} to one greeting instance found through the registry. The sides run
 * in one comparison (warm-up until the JIT is done, then slices in turn), twice: stock started
 * first and listed first, then on fresh JVMs with stock started last and listed last. Each
 * side's req/s and gateway CPU per request are reported as ratios to the stock side of the
 * same pass.
 */
final class GatewayTuningBench {

	/** The switch of every part, as {@code beacon.gateway.tuning.<part>}. */
	static final List<String> PARTS = List.of("event-loops", "connection-pools", "response-buffering");

	/** One gateway: its name and the tuning switches it starts with. */
	record Variant(String name, List<String> args) {

		static Variant stock() {
			return new Variant("stock", List.of("--beacon.gateway.tuning.enabled=false"));
		}

		static Variant only(String part) {
			return new Variant(part, PARTS.stream()
				.map((each) -> "--beacon.gateway.tuning." + each + "=" + each.equals(part))
				.toList());
		}

		static Variant all() {
			return new Variant("all parts", List.of());
		}

	}

	private final Path root;

	private final String registryUrl;

	private final LoadGenerator load;

	private final Report report;

	private final Deque<AutoCloseable> started;

	private final int connections;

	private final Duration warmup;

	private final Duration duration;

	/** How many slices each side's measured time is cut into, run in turn with the others'. */
	private final int rounds;

	private final List<Variant> tuned;

	GatewayTuningBench(Path root, String registryUrl, LoadGenerator load, Report report, Deque<AutoCloseable> started,
			int connections, Duration warmup, Duration duration, int rounds, List<String> parts) {
		this.root = root;
		this.registryUrl = registryUrl;
		this.load = load;
		this.report = report;
		this.started = started;
		this.connections = connections;
		this.warmup = warmup;
		this.duration = duration;
		this.rounds = rounds;
		this.tuned = new ArrayList<>(parts.stream().map(Variant::only).toList());
		this.tuned.add(Variant.all());
	}

	void run() {
		int greetingPort = FreePorts.next();
		JavaProcess greeting = start("greeting", "demo-services/greeting/target/greeting.jar",
				List.of("--server.port=" + greetingPort, "--beacon.discovery.registry-url=" + registryUrl,
						"--beacon.discovery.token=" + Benchmarks.TOKEN, "--beacon.discovery.host=127.0.0.1"));
		greeting.awaitHttpOk("http://127.0.0.1:" + greetingPort + "/hello", Duration.ofSeconds(120));
		report.setting("gateway tuning", "sides: stock (beacon.gateway.tuning.enabled=false), "
				+ String.join(", ", tuned.stream().map(Variant::name).toList()) + "; "
				+ duration.toSeconds() + " s measured per side and pass, in " + rounds
				+ " slices, after its warm-up");

		List<Variant> stockFirst = new ArrayList<>();
		stockFirst.add(Variant.stock());
		stockFirst.addAll(tuned);
		pass("stock first", stockFirst, greeting.pid());
		List<Variant> stockLast = new ArrayList<>(tuned);
		stockLast.add(Variant.stock());
		pass("stock last", stockLast, greeting.pid());
	}

	/** Starts the variants in order, compares them in that order, and stops them. */
	private void pass(String order, List<Variant> variants, long greetingPid) {
		Benchmarks.log("gateway tuning, " + order + ": starting " + variants.size() + " gateways one after the other");
		int before = started.size();
		List<String> urls = new ArrayList<>();
		List<Long> pids = new ArrayList<>();
		for (Variant variant : variants) {
			int port = FreePorts.next();
			List<String> args = new ArrayList<>(List.of("--server.port=" + port,
					"--management.server.port=" + FreePorts.next(),
					"--beacon.discovery.registry-url=" + registryUrl,
					"--beacon.discovery.token=" + Benchmarks.TOKEN));
			args.addAll(variant.args());
			JavaProcess gateway = start("gateway-" + variant.name().replace(' ', '-'),
					"gateway/target/gateway.jar", args);
			String url = "http://127.0.0.1:" + port;
			gateway.awaitHttpOk(url + "/greeting/hello", Duration.ofSeconds(120));
			urls.add(url);
			pids.add(gateway.pid());
		}
		Benchmarks.log("gateway tuning, " + order + ": closed loop, " + duration.toSeconds() + " s per side");
		Plan[] plans = new Plan[variants.size()];
		for (int i = 0; i < plans.length; i++) {
			plans[i] = Plan.timed(urls.get(i), Map.of("Accept", "application/json"), connections, warmup, duration,
					(seq) -> Request.get("/greeting/hello"))
				.servedBy(pids.get(i), greetingPid);
		}
		Result[] results = load.compare(rounds, plans);
		while (started.size() > before) {
			Benchmarks.stop(started.pop());
		}

		report.warmups("gateway tuning, " + order, variants.stream().map(Variant::name).toList(), results,
				load.maxWarmup());
		int stock = variants.indexOf(Variant.stock());
		Result base = results[stock];
		for (int i = 0; i < variants.size(); i++) {
			Result result = results[i];
			report.raw("gateway tuning, " + order + " | " + variants.get(i).name(), result);
			report.tuning(order, variants.get(i).name(), Report.num(result.perSecond()) + GatewayBench.errors(result),
					Report.ratio(result.perSecond(), base.perSecond()), Report.num(result.cpuMicrosPerRequest(0)) + " µs",
					Report.ratio(result.cpuMicrosPerRequest(0), base.cpuMicrosPerRequest(0)),
					Report.ratio(relativeCpu(result), relativeCpu(base)));
		}
	}

	private JavaProcess start(String name, String jar, List<String> args) {
		JavaProcess process = JavaProcess.start(root.resolve(jar), name, args);
		started.push(process);
		return process;
	}

	/** The gateway's CPU per request divided by the backend's in the same slices. */
	private static double relativeCpu(Result result) {
		return result.cpuMicrosPerRequest(0) / result.cpuMicrosPerRequest(1);
	}

	/** The parts named in {@code bench.tuning.parts} (comma-separated), every part when unset. */
	static List<String> parts(String property) {
		return parts("bench.tuning.parts", property, PARTS);
	}

	/**
	 * The parts that {@code property}, the value of the option {@code option}, names
	 * (comma-separated), each one of {@code all}; all of them when it is unset.
	 */
	static List<String> parts(String option, @Nullable String property, List<String> all) {
		if (property == null || property.isBlank()) {
			return all;
		}
		List<String> parts = Arrays.stream(property.split(",")).map(String::trim).toList();
		parts.stream().filter((part) -> !all.contains(part)).findAny().ifPresent((unknown) -> {
			throw new IllegalArgumentException(option + ": no part " + unknown + "; parts are " + all);
		});
		return parts;
	}

}

package dev.beacon.benchmarks;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.HdrHistogram.Histogram;

import dev.beacon.benchmarks.LoadGenerator.Plan;
import dev.beacon.benchmarks.LoadGenerator.Request;
import dev.beacon.benchmarks.LoadGenerator.Result;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisServers;

/**
 * Runs every benchmark in one go and writes {@code target/results.md} and
 * {@code target/results.json}: Beacon's registry (the packaged jar on a real Redis) against a
 * Eureka server driven by the same load generator with the same connections, propagation of
 * changes to a watching client and to the gateway's routing, a crashed instance at both
 * registries and at the gateway under load, the gateway against direct calls, a plain Spring
 * Cloud Gateway and nginx, and Beacon alone at 100,000 instances and thousands of watchers.
 * Run from the {@code benchmarks} directory by {@code run.sh}.
 */
public final class Benchmarks {

	static final String TOKEN = "bench-token";

	static final int SERVICES = 500;

	static final int PER_SERVICE = 20;

	static final int INSTANCES = SERVICES * PER_SERVICE;

	/** Measured time of each comparison is cut into this many A/B slice pairs. */
	static final int ROUNDS = 4;

	private final int connections = Integer.getInteger("bench.connections", 32);

	private final Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup.seconds", 5));

	private final Duration maxWarmup = Duration.ofSeconds(Integer.getInteger("bench.warmup.max.seconds", 60));

	private final Duration heartbeatTime = Duration.ofSeconds(Integer.getInteger("bench.heartbeat.seconds", 20));

	private final Duration readTime = Duration.ofSeconds(Integer.getInteger("bench.read.seconds", 10));

	private final Duration gatewayTime = Duration.ofSeconds(Integer.getInteger("bench.gateway.seconds", 10));

	private final int samples = Integer.getInteger("bench.samples", 200);

	private final int gatewaySamples = Integer.getInteger("bench.gateway.samples", 100);

	private final Duration gatewayOpenLoopTime = Duration
		.ofSeconds(Integer.getInteger("bench.gateway.open.seconds", 5));

	private final double crashRate = Integer.getInteger("bench.crash.rate", 400);

	private final Duration eurekaPropagationCap = Duration
		.ofSeconds(Integer.getInteger("bench.propagation.eureka.cap.seconds", 90));

	private final Duration eurekaCrashCap = Duration.ofSeconds(Integer.getInteger("bench.crash.eureka.cap.seconds", 300));

	private final int scaleConnections = Integer.getInteger("bench.scale.connections", 64);

	private final Duration scaleRegisterCap = Duration.ofSeconds(Integer.getInteger("bench.scale.register.seconds", 120));

	private final int watchers = Integer.getInteger("bench.watchers", 5_000);

	private final int fanoutChanges = Integer.getInteger("bench.fanout.changes", 5);

	/** Only the gateway's workloads (4b and 6), for tuning it without waiting for the rest. */
	private final boolean gatewayOnly = Boolean.getBoolean("bench.gateway.only");

	/**
	 * Only the comparison of the gateway's tuning parts with stock Spring Cloud Gateway
	 * ({@link GatewayTuningBench}), for deciding which parts pay.
	 */
	private final boolean gatewayTuning = Boolean.getBoolean("bench.gateway.tuning");

	/**
	 * Only the registry on each Redis layout and through failovers ({@link RedisLayoutBench}):
	 * throughput on standalone, one partition and Cluster, and a Sentinel and a Cluster
	 * primary killed under live instances.
	 */
	private final boolean redisLayouts = Boolean.getBoolean("bench.redis.layouts");

	/**
	 * Only a rolling restart of greeting instances under load through the gateway, with confirmed
	 * drain and with the fixed drain ({@link RollingRestartBench}).
	 */
	private final boolean rolling = Boolean.getBoolean("bench.rolling");

	/**
	 * Only the registry's DNS interface against dnsmasq serving the same records, both under
	 * dnsperf ({@link DnsBench}): whether answering from the registry's memory keeps up with a
	 * plain DNS server.
	 */
	private final boolean dns = Boolean.getBoolean("bench.dns");

	/**
	 * Only health checks run by one registry server for many instances ({@link CheckBench}): its
	 * CPU, and how late the checks land against their interval.
	 */
	private final boolean checks = Boolean.getBoolean("bench.checks");

	/**
	 * Only the dashboard's services page in headless Chromium at 10,000 instances
	 * ({@link DashboardBench}): how long it takes to show, and what an open page costs.
	 */
	private final boolean dashboard = Boolean.getBoolean("bench.dashboard");

	private final Path root = Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();

	private final Report report = new Report();

	private final Deque<AutoCloseable> started = new ArrayDeque<>();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final LoadGenerator load = new LoadGenerator(maxWarmup);

	public static void main(String[] args) {
		Benchmarks benchmarks = new Benchmarks();
		long start = System.nanoTime();
		try {
			benchmarks.run();
		}
		finally {
			benchmarks.stopAll();
			benchmarks.report.setting("load average at the end (other work on the machine)", Machine.loadAverage());
			benchmarks.report.setting("wall time", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - start) / 1e9));
			benchmarks.report.write(Path.of("target"));
			System.out.println();
			System.out.println(benchmarks.report.markdown());
			System.out.println("Written: " + Path.of("target", "results.md").toAbsolutePath() + " and results.json");
		}
		System.exit(0);
	}

	private void run() {
		Machine.describe(report);
		report.setting("load average at the start (other work on the machine)", Machine.loadAverage());
		report.setting("load generator", "closed loop, " + connections
				+ " blocking HTTP/1.1 keep-alive connections, one platform thread each (ceiling here ≈ 55,000–66,000 req/s "
				+ "against nginx answering a constant, where wrk -t1 -c32 reached 68,000–106,000); each side warms up in slices of "
				+ LoadGenerator.WARMUP_SLICE.toSeconds() + " s until, in a slice, the JIT compilers of the JVMs serving it "
				+ "used under a tenth of a core and the rate was no more than 5% above the best before it (at least " + warmup.toSeconds() + " s, at most " + maxWarmup.toSeconds() + " s), then the measured "
				+ "time of a comparison cut into " + ROUNDS + " slices per side run in turn (A B, B A, A B, B A)");
		if (this.redisLayouts) {
			new RedisLayoutBench(root, http, load, report, started, connections, warmup, heartbeatTime, readTime,
					RedisLayoutBench.parts(System.getProperty("bench.redis.parts")),
					!"false".equals(System.getProperty("bench.redis.gateway")),
					Integer.getInteger("bench.redis.gateway.rate", 200))
				.run();
			report.notDone("Workloads 1–7: run with bench.redis.layouts.");
			return;
		}
		ManagedRedis redis = RedisServers.startNew();
		started.push(redis);
		report.machine("redis", redisInfo(redis, "server", "redis_version"));
		int registryPort = FreePorts.next();
		int dnsPort = this.dns ? FreePorts.next() : 0;
		JavaProcess registry = startRegistry(root, "registry", registryPort, standalone(redis),
				this.dns ? DnsBench.registryArgs(dnsPort) : List.of());
		started.push(registry);
		if (this.gatewayTuning) {
			String url = "http://127.0.0.1:" + registryPort;
			registry.awaitHttpOk(url + "/actuator/health", Duration.ofSeconds(120));
			new GatewayTuningBench(root, url, load, report, started, connections, warmup, gatewayTime,
					Integer.getInteger("bench.tuning.rounds", 8),
					GatewayTuningBench.parts(System.getProperty("bench.tuning.parts")))
				.run();
			report.notDone("Workloads 1–7: run with bench.gateway.tuning.");
			return;
		}
		if (this.rolling) {
			String url = "http://127.0.0.1:" + registryPort;
			registry.awaitHttpOk(url + "/actuator/health", Duration.ofSeconds(120));
			new RollingRestartBench(root, url, new Http(http), report, started,
					Integer.getInteger("bench.rolling.instances", 10), Integer.getInteger("bench.rolling.rate", 200))
				.run();
			report.notDone("Workloads 1–7: run with bench.rolling.");
			return;
		}
		if (this.checks) {
			String url = "http://127.0.0.1:" + registryPort;
			registry.awaitHttpOk(url + "/actuator/health", Duration.ofSeconds(120));
			new CheckBench(url, registry.pid(), report, Integer.getInteger("bench.checks.instances", 10_000),
					Duration.ofSeconds(Integer.getInteger("bench.checks.seconds", 60)))
				.run();
			report.notDone("Workloads 1–7: run with bench.checks.");
			return;
		}
		if (this.dashboard) {
			String url = "http://127.0.0.1:" + registryPort;
			registry.awaitHttpOk(url + "/actuator/health", Duration.ofSeconds(120));
			new DashboardBench(url, load, report, connections, Integer.getInteger("bench.dashboard.samples", 10)).run();
			report.notDone("Workloads 1–7: run with bench.dashboard.");
			return;
		}
		if (this.dns) {
			String url = "http://127.0.0.1:" + registryPort;
			registry.awaitHttpOk(url + "/actuator/health", Duration.ofSeconds(120));
			new DnsBench(url, dnsPort, registry.pid(), load, report, started, connections, warmup, maxWarmup,
					Duration.ofSeconds(Integer.getInteger("bench.dns.seconds", 10)))
				.run();
			report.notDone("Workloads 1–7: run with bench.dns.");
			return;
		}
		if (this.gatewayOnly) {
			String url = "http://127.0.0.1:" + registryPort;
			registry.awaitHttpOk(url + "/actuator/health", Duration.ofSeconds(120));
			gatewayBench(url).run();
			report.notDone("Workloads 1–5 and 7: run with bench.gateway.only.");
			return;
		}
		int eurekaPort = FreePorts.next();
		ChildProcess eureka = ChildProcess.java("eureka", EurekaPeer.class, List.of("--server.port=" + eurekaPort));
		started.push(eureka);
		String registryUrl = "http://127.0.0.1:" + registryPort;
		String eurekaUrl = "http://127.0.0.1:" + eurekaPort;
		registry.awaitHttpOk(registryUrl + "/actuator/health", Duration.ofSeconds(120));
		eureka.awaitHttpOk(eurekaUrl + "/eureka/apps", Duration.ofSeconds(120));
		RegistryApi beacon = new RegistryApi.Beacon(registryUrl, TOKEN);
		RegistryApi peer = new RegistryApi.Eureka(eurekaUrl);

		long redisEmpty = usedMemory(redis);
		double beaconHeapEmpty = JvmMemory.heapAfterGcMb(registry.pid());
		double eurekaHeapEmpty = JvmMemory.heapAfterGcMb(eureka.pid());

		log("1. registering " + INSTANCES + " instances in " + SERVICES + " services");
		Result beaconRegister = register(beacon);
		Result eurekaRegister = register(peer);
		row("1. register 10,000 instances in 500 services", "registrations/s (higher is better)", beaconRegister,
				eurekaRegister, "—", true);

		log("7. memory at " + INSTANCES + " instances");
		long redisFull = usedMemory(redis);
		double perInstance = (redisFull - redisEmpty) / (double) INSTANCES;
		report.raw("redis.usedMemory.empty", redisEmpty);
		report.raw("redis.usedMemory.10000", redisFull);
		report.row("7. memory at 10,000", "Redis used_memory per instance (bytes)", Report.num(perInstance),
				"— (in heap)", "—", "< 1,024 B: " + (perInstance < 1024 ? "met" : "missed"));
		double beaconHeapFull = JvmMemory.heapAfterGcMb(registry.pid());
		double eurekaHeapFull = JvmMemory.heapAfterGcMb(eureka.pid());
		report.row("7. memory", "server heap after full GC, empty → 10,000 (MB)",
				Report.num(beaconHeapEmpty) + " → " + Report.num(beaconHeapFull),
				Report.num(eurekaHeapEmpty) + " → " + Report.num(eurekaHeapFull),
				Report.ratio(beaconHeapFull, eurekaHeapFull), "flat as instances grow");
		double beaconRssFull = JvmMemory.rssMb(registry.pid());
		report.row("7. memory", "server RSS at 10,000 (MB)", Report.num(beaconRssFull),
				Report.num(JvmMemory.rssMb(eureka.pid())), "—", "—");
		report.raw("heap.beacon.emptyMb", beaconHeapEmpty);
		report.raw("heap.beacon.fullMb", beaconHeapFull);
		report.raw("heap.eureka.emptyMb", eurekaHeapEmpty);
		report.raw("heap.eureka.fullMb", eurekaHeapFull);

		log("2. heartbeats for " + heartbeatTime.toSeconds() + " s each");
		Result[] beats = load.compare(ROUNDS,
				Plan.timed(beacon.baseUrl(), beacon.headers(), connections, warmup, heartbeatTime,
						(seq) -> heartbeat(beacon, seq)).servedBy(registry.pid()),
				Plan.timed(peer.baseUrl(), peer.headers(), connections, warmup, heartbeatTime,
						(seq) -> heartbeat(peer, seq)).servedBy(eureka.pid()));
		report.warmups("heartbeats", List.of("Beacon", "Eureka"), beats, load.maxWarmup());
		Result beaconBeats = beats[0];
		Result eurekaBeats = beats[1];
		String beatTarget = "≥ 1.5×: " + (beaconBeats.perSecond() >= 1.5 * eurekaBeats.perSecond() ? "met" : "missed");
		row("2. heartbeats (Eureka: renew), all 10,000, " + heartbeatTime.toSeconds() + " s", "req/s", beaconBeats,
				eurekaBeats, beatTarget, true);
		row("2. heartbeats", "p99 (lower is better)", beaconBeats, eurekaBeats, "—", false);

		log("3. reads of one service for " + readTime.toSeconds() + " s each");
		Result[] reads = load.compare(ROUNDS,
				Plan.timed(beacon.baseUrl(), beacon.headers(), connections, warmup, readTime,
						(seq) -> beacon.readService(RegistryApi.serviceName(7))).servedBy(registry.pid()),
				Plan.timed(peer.baseUrl(), peer.headers(), connections, warmup, readTime,
						(seq) -> peer.readService(RegistryApi.serviceName(7))).servedBy(eureka.pid()));
		report.warmups("reads of one service", List.of("Beacon", "Eureka"), reads, load.maxWarmup());
		Result beaconReads = reads[0];
		Result eurekaReads = reads[1];
		row("3. read one service of 20 instances, " + readTime.toSeconds() + " s", "req/s", beaconReads, eurekaReads,
				"≥ 1×: " + (beaconReads.perSecond() >= eurekaReads.perSecond() ? "met" : "missed"), true);
		row("3. read one service", "p99 (lower is better)", beaconReads, eurekaReads,
				"no higher: " + (beaconReads.p99Micros() <= eurekaReads.p99Micros() ? "met" : "missed"), false);

		log("3. full catalog reads");
		Histogram beaconCatalog = new Histogram(3);
		Histogram eurekaCatalog = new Histogram(3);
		for (int i = 0; i < 10; i++) {
			beaconCatalog.recordValue(WatchClient.snapshotNanos(http, registryUrl, TOKEN) / 1000);
			eurekaCatalog.recordValue(eurekaCatalogNanos(eurekaUrl) / 1000);
		}
		report.row("3. full catalog at 10,000 (Beacon: /v1/watch snapshot; Eureka: GET /eureka/apps), 10 reads",
				"p50 / max (lower is better)",
				Report.ms(beaconCatalog.getValueAtPercentile(50)) + " / " + Report.ms(beaconCatalog.getMaxValue()),
				Report.ms(eurekaCatalog.getValueAtPercentile(50)) + " / " + Report.ms(eurekaCatalog.getMaxValue()),
				Report.ratio(beaconCatalog.getValueAtPercentile(50), eurekaCatalog.getValueAtPercentile(50)), "—");

		log("5. Eureka crash in the background: deregistering the 10,000 first, since with them silent its "
				+ "self-preservation would evict nothing");
		Result cleared = load.run(Plan.counted(peer.baseUrl(), peer.headers(), connections, INSTANCES,
				(seq) -> peer.deregister(RegistryApi.serviceName((int) (seq % SERVICES)),
						RegistryApi.instanceId((int) (seq % SERVICES), (int) (seq / SERVICES)))));
		if (cleared.errors() > 0) {
			throw new IllegalStateException("Eureka: " + cleared.errors() + " deregistrations failed");
		}
		EurekaCrash eurekaCrash = new EurekaCrash(peer, new Http(http), eurekaCrashCap);
		started.push(eurekaCrash);
		eurekaCrash.start();

		log("4. propagation to a watching client, " + samples + " samples");
		Histogram[] watched = propagationToWatcher(beacon);
		log("4. Eureka propagation to its default client in the background, " + samples + " samples each way");
		EurekaPropagation eurekaPropagation = new EurekaPropagation(peer, new Http(http), samples, eurekaPropagationCap);
		started.push(eurekaPropagation);
		eurekaPropagation.start();

		GatewayBench gateways = gatewayBench(registryUrl);
		int beforeGateways = started.size();
		gateways.run();

		log("5. crash: a greeting instance killed under load through the gateway; then Eureka's outcome (cap "
				+ eurekaCrashCap.toSeconds() + " s)");
		new CrashBench(root, beacon, new Http(http), load, report, started, crashRate).run(gateways.gatewayUrl(),
				eurekaCrash);
		// the gateway, its backends and nginx would otherwise go on watching, and take CPU from
		// the scale workload (a gateway that follows 90,000 registrations works for a while)
		stopStartedSince(beforeGateways);
		eurekaCrash.close();
		started.remove(eurekaCrash);
		log("4. awaiting Eureka's propagation (cap " + eurekaPropagationCap.toSeconds() + " s after the last change)");
		propagationRows(watched, eurekaPropagation.await());
		eurekaPropagation.close();
		started.remove(eurekaPropagation);
		eureka.close();
		started.remove(eureka);

		new ScaleBench(beacon, registry.pid(), load, new Http(http), report, () -> usedMemory(redis), scaleConnections,
				scaleRegisterCap, watchers, fanoutChanges)
			.run(redisEmpty, new double[] { beaconHeapFull, beaconRssFull });

		report.notDone("4. Status-change propagation at Eureka (its registrations and deregistrations were measured); "
				+ "Beacon's side was timed on the raw /v1/watch stream that the starter's catalog reads, not through an "
				+ "in-process DiscoveryClient.");
		report.notDone("Open loop is used for the gateway's latency and its load during the crash; registry workloads "
				+ "and the fan-out are timed without background load.");
	}

	private GatewayBench gatewayBench(String registryUrl) {
		return new GatewayBench(root, registryUrl, TOKEN, http, load, report, started, connections, warmup, gatewayTime,
				gatewayOpenLoopTime, gatewaySamples);
	}

	private Result register(RegistryApi api) {
		warmRegistrations(load, api, connections);
		Result result = load.run(Plan.counted(api.baseUrl(), api.headers(), connections, INSTANCES,
				(seq) -> registration(api, seq)));
		if (result.errors() > 0) {
			throw new IllegalStateException(api.name() + ": " + result.errors() + " registrations failed");
		}
		return result;
	}

	/** Registers then deregisters 2,000 instances outside the benchmark's services, to warm the paths. */
	static void warmRegistrations(LoadGenerator load, RegistryApi api, int connections) {
		int warmServices = 100;
		load.run(Plan.counted(api.baseUrl(), api.headers(), connections, warmServices * PER_SERVICE,
				(seq) -> api.register(RegistryApi.serviceName(9000 + (int) (seq % warmServices)),
						RegistryApi.instanceId(9000 + (int) (seq % warmServices), (int) (seq / warmServices)), 20000)));
		load.run(Plan.counted(api.baseUrl(), api.headers(), connections, warmServices * PER_SERVICE,
				(seq) -> api.deregister(RegistryApi.serviceName(9000 + (int) (seq % warmServices)),
						RegistryApi.instanceId(9000 + (int) (seq % warmServices), (int) (seq / warmServices)))));
	}

	/** The registration of the {@code seq}-th of the 10,000 instances: service {@code seq % 500}. */
	static Request registration(RegistryApi api, long seq) {
		int service = (int) (seq % SERVICES);
		int instance = (int) (seq / SERVICES);
		return api.register(RegistryApi.serviceName(service), RegistryApi.instanceId(service, instance),
				20000 + (int) seq);
	}

	/**
	 * Starts the registry jar on {@code port}, with the benchmark's token, on the Redis that
	 * {@code redis} (its arguments) names; the caller adds it to what it stops.
	 */
	static JavaProcess startRegistry(Path root, String name, int port, List<String> redis) {
		return startRegistry(root, name, port, redis, List.of());
	}

	/** The same, with {@code extra} arguments after the others (a later one overrides). */
	static JavaProcess startRegistry(Path root, String name, int port, List<String> redis, List<String> extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + port,
				"--beacon.registry.security.tokens[0].value=" + TOKEN,
				"--beacon.registry.security.tokens[0].roles=read,write"));
		args.addAll(redis);
		args.addAll(extra);
		return JavaProcess.start(root.resolve("registry-server/target/registry-server.jar"), name, args);
	}

	/** The registry's arguments for a standalone Redis. */
	static List<String> standalone(ManagedRedis redis) {
		return List.of("--spring.data.redis.host=" + redis.endpoint().host(),
				"--spring.data.redis.port=" + redis.endpoint().port());
	}

	static Request heartbeat(RegistryApi api, long seq) {
		int n = (int) (seq % INSTANCES);
		int service = n % SERVICES;
		return api.heartbeat(RegistryApi.serviceName(service), RegistryApi.instanceId(service, n / SERVICES));
	}

	private void row(String workload, String metric, Result beacon, Result eureka, String target, boolean throughput) {
		String b = throughput ? Report.num(beacon.perSecond()) : Report.ms(beacon.p99Micros());
		String e = throughput ? Report.num(eureka.perSecond()) : Report.ms(eureka.p99Micros());
		String ratio = throughput ? Report.ratio(beacon.perSecond(), eureka.perSecond())
				: Report.ratio(beacon.p99Micros(), eureka.p99Micros());
		if (beacon.errors() + eureka.errors() > 0) {
			b += " (" + beacon.errors() + " errors)";
			e += " (" + eureka.errors() + " errors)";
		}
		report.row(workload, metric, b, e, ratio, target);
		report.raw(workload + " | " + metric + " | Beacon", beacon);
		report.raw(workload + " | " + metric + " | Eureka", eureka);
	}

	/** Workload 4a at Beacon: the raw {@code /v1/watch} stream that the starter's catalog reads. */
	private Histogram[] propagationToWatcher(RegistryApi beacon) {
		String registryUrl = beacon.baseUrl();
		Http calls = new Http(http);
		Histogram registered = new Histogram(3);
		Histogram statusChanged = new Histogram(3);
		Histogram deregistered = new Histogram(3);
		try (WatchClient watch = new WatchClient(http, registryUrl, TOKEN, "prop")) {
			await(watch.arrival("snapshot", ""));
			for (int i = 0; i < samples; i++) {
				String id = "prop-" + i;
				String path = "/v1/services/prop/instances/" + id;
				long done = calls.expectOk(registryUrl, beacon.headers(),
						Request.put(path, "{\"host\":\"127.0.0.1\",\"port\":" + (30000 + i) + "}")).arrivedNanos();
				registered.recordValue(Math.max(0, await(watch.arrival("register", id)) - done) / 1000);
				done = calls.expectOk(registryUrl, beacon.headers(),
						Request.put(path + "/status", "{\"status\":\"OUT_OF_SERVICE\"}")).arrivedNanos();
				statusChanged.recordValue(Math.max(0, await(watch.arrival("status", id)) - done) / 1000);
				done = calls.expectOk(registryUrl, beacon.headers(), beacon.deregister("prop", id)).arrivedNanos();
				deregistered.recordValue(Math.max(0, await(watch.arrival("deregister", id)) - done) / 1000);
			}
		}
		return new Histogram[] { registered, statusChanged, deregistered };
	}

	/**
	 * The rows of workload 4a: Beacon's watching client beside Eureka's default client, whose
	 * status changes are not measured (a status change reaches its client as a registration does).
	 */
	private void propagationRows(Histogram[] beacon, List<EurekaPropagation.Outcome> eureka) {
		String[] kinds = { "register", "status change (UP → OUT_OF_SERVICE)", "deregister" };
		for (int i = 0; i < kinds.length; i++) {
			String peer = "not measured";
			if (i != 1 && !eureka.isEmpty()) {
				EurekaPropagation.Outcome outcome = eureka.get((i == 0) ? 0 : 1);
				Histogram micros = outcome.micros();
				peer = (micros.getTotalCount() == 0) ? "none seen"
						: seconds(micros.getValueAtPercentile(50)) + " / " + seconds(micros.getValueAtPercentile(99))
								+ " / " + seconds(micros.getMaxValue());
				if (outcome.capped() > 0) {
					peer += " (" + outcome.capped() + " not seen within the cap of "
							+ eurekaPropagationCap.toSeconds() + " s)";
				}
				report.raw("4a. Eureka " + kinds[i], Map.of("p50Micros", micros.getValueAtPercentile(50), "p99Micros",
						micros.getValueAtPercentile(99), "maxMicros", micros.getMaxValue(), "capped", outcome.capped()));
			}
			peer += "; documented default worst case ≈ 95 s (30 s response cache + 30 s client fetch + 35 s "
					+ "LoadBalancer cache)";
			new PropagationRows(report).row("4a. propagation: " + kinds[i] + " → watching client (" + samples
					+ " samples; Eureka: its default client's DiscoveryClient)", beacon[i], peer, 50_000);
		}
	}

	private static String seconds(double micros) {
		return Report.num(micros / 1e6) + " s";
	}

	static long await(java.util.concurrent.CompletableFuture<Long> arrival) {
		try {
			return arrival.get(10, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("no event within 10 s", ex);
		}
	}

	private long eurekaCatalogNanos(String eurekaUrl) {
		long start = System.nanoTime();
		Http.Answer answer = new Http(http).expectOk(eurekaUrl, Map.of("Accept", "application/json"),
				Request.get("/eureka/apps"));
		if (!answer.body().contains("svc-0499-19")) {
			throw new IllegalStateException("Eureka's catalog lacks the last benchmark instance");
		}
		return answer.arrivedNanos() - start;
	}

	private static final Pattern USED_MEMORY = Pattern.compile("(?m)^used_memory:(\\d+)");

	static long usedMemory(ManagedRedis redis) {
		Matcher matcher = USED_MEMORY.matcher(redisInfo(redis, "memory", null));
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	static String redisInfo(ManagedRedis redis, String section, String field) {
		RedisClient client = RedisClient.create(redis.endpoint().uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String info = connection.sync().info(section);
			if (field == null) {
				return info;
			}
			Matcher matcher = Pattern.compile("(?m)^" + field + ":(\\S+)").matcher(info);
			return matcher.find() ? matcher.group(1) : "?";
		}
		finally {
			client.shutdown();
		}
	}

	/** When the run started, so that each log line tells where the time goes. */
	private static final long STARTED = System.nanoTime();

	static void log(String what) {
		System.out.printf(Locale.ROOT, "[bench %3.0f s] %s%n", (System.nanoTime() - STARTED) / 1e9, what);
	}

	/** Stops what was started after the first {@code count} processes, newest first. */
	private void stopStartedSince(int count) {
		stopStartedSince(started, count);
	}

	/** Stops what {@code started} holds beyond its first {@code count} entries, newest first. */
	static void stopStartedSince(Deque<AutoCloseable> started, int count) {
		while (started.size() > count) {
			stop(started.pop());
		}
	}

	private void stopAll() {
		stopStartedSince(0);
		load.close();
	}

	static void stop(AutoCloseable process) {
		try {
			process.close();
		}
		catch (Exception ex) {
			System.err.println("Could not stop: " + ex);
		}
	}

}

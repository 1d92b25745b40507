package dev.beacon.benchmarks;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

import dev.beacon.benchmarks.HeartbeatLoops.Beat;
import dev.beacon.benchmarks.LoadGenerator.Plan;
import dev.beacon.benchmarks.LoadGenerator.Request;
import dev.beacon.benchmarks.LoadGenerator.Result;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisCluster;
import dev.beacon.testsupport.RedisServers;
import dev.beacon.testsupport.RedisSentinels;

/**
 * The registry on each Redis layout it runs on. <b>Throughput</b>: the registry jar on a
 * standalone Redis with 8 partitions (A, the baseline: what a Cluster gets by default), on a
 * standalone Redis with one partition (B: the default there, and what partitioning costs) and on a Redis Cluster of three primaries
 * without replicas (C), all running at once; registrations, heartbeats and reads of one
 * service run on the three in slices in turn, so that other work on the machine weighs on all
 * alike, and B's and C's figures are reported as ratios to A's. <b>Failover</b>: a Sentinel
 * group's primary, then a Cluster primary, killed with SIGKILL under instances with 2 s leases
 * that send a heartbeat every 500 ms through the registry: how long Redis took to switch, how
 * long after that heartbeats succeeded again, how many failed and how many instances were
 * evicted (the {@code expire} events of a watch stream opened before the kill, and a read once
 * things settled); on the Cluster, split between the services whose keys were on the killed
 * primary and the others, and the requests that a gateway carrying steady load to two greeting
 * instances lost meanwhile.
 */
final class RedisLayoutBench {

	/** The parts of the comparison, as {@code bench.redis.parts} names them. */
	static final List<String> PARTS = List.of("layouts", "sentinel", "cluster");

	/** The instances' lease in the failovers: shorter than Redis takes to fail over. */
	private static final int LEASE_SECONDS = 2;

	private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

	/**
	 * Sentinel's {@code down-after-milliseconds} and Cluster's {@code cluster-node-timeout}:
	 * longer than the leases, as Redis's defaults (30 s, 15 s) are longer than the registry's.
	 */
	private static final Duration FAILURE_DETECTION = Duration.ofSeconds(5);

	private static final String OUTAGE_AFTER = "--beacon.registry.reaper.outage-after=2s";

	/** The longest wait for Redis to fail over, and then for every instance's heartbeat to be answered. */
	private static final Duration FAILOVER_CAP = Duration.ofSeconds(30);

	/** How long heartbeats go on once every instance is answered again, before the reads that count the evicted. */
	private static final Duration SETTLE = Duration.ofSeconds(3L * LEASE_SECONDS);

	private static final String SENTINEL_SERVICE = "failover";

	private static final int SENTINEL_INSTANCES = 20;

	/** Enough services that each primary holds some of them. */
	private static final int CLUSTER_SERVICES = 24;

	private static final int CLUSTER_PER_SERVICE = 5;

	/** The gateway's load starts this long before the kill. */
	private static final Duration LOAD_BEFORE_KILL = Duration.ofSeconds(2);

	/** ... and lasts this long after it: past failure detection, promotion and the settling. */
	private static final Duration LOAD_AFTER_KILL = Duration.ofSeconds(25);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	/** A heartbeat answered later than this counts as held up: a client with a short timeout would have failed it. */
	private static final Duration SLOW = Duration.ofSeconds(1);

	private static final String FAILOVER_TABLE = "Redis failover: a primary killed (SIGKILL) under live instances";

	private static final String LAYOUT_TABLE = "Redis layouts: registry throughput (ratios to A, standalone Redis with "
			+ "8 partitions, a Cluster's default)";

	private final Path root;

	private final Http http;

	private final HttpClient client;

	private final LoadGenerator load;

	private final Report report;

	private final Deque<AutoCloseable> started;

	private final int connections;

	private final Duration warmup;

	private final Duration heartbeatTime;

	private final Duration readTime;

	private final List<String> parts;

	private final boolean gateway;

	private final double gatewayRate;

	RedisLayoutBench(Path root, HttpClient client, LoadGenerator load, Report report, Deque<AutoCloseable> started,
			int connections, Duration warmup, Duration heartbeatTime, Duration readTime, List<String> parts,
			boolean gateway, double gatewayRate) {
		this.root = root;
		this.http = new Http(client);
		this.client = client;
		this.load = load;
		this.report = report;
		this.started = started;
		this.connections = connections;
		this.warmup = warmup;
		this.heartbeatTime = heartbeatTime;
		this.readTime = readTime;
		this.parts = parts;
		this.gateway = gateway;
		this.gatewayRate = gatewayRate;
	}

	/** A registry started for one side, and the API that drives it. */
	private record Registry(JavaProcess process, RegistryApi api) {
	}

	void run() {
		if (parts.contains("layouts")) {
			layouts();
		}
		Outcome sentinel = parts.contains("sentinel") ? sentinelFailover() : null;
		Outcome cluster = parts.contains("cluster") ? clusterFailover() : null;
		if (sentinel != null || cluster != null) {
			report.setting("redis failover", "Sentinel: a primary, a replica and 3 sentinels (down-after "
					+ FAILURE_DETECTION.toSeconds() + " s), " + SENTINEL_INSTANCES + " instances of one service; "
					+ "Cluster: 3 primaries with a replica each (cluster-node-timeout " + FAILURE_DETECTION.toSeconds()
					+ " s), " + CLUSTER_SERVICES + " services of " + CLUSTER_PER_SERVICE + " instances, the primary "
					+ "killed being the one that holds " + (gateway ? "the greeting service's" : "the first service's")
					+ " keys, and the services split by whether their keys were on it (SCAN before the kill); every "
					+ "instance with a " + LEASE_SECONDS + " s lease and a heartbeat every "
					+ HEARTBEAT_INTERVAL.toMillis() + " ms through the registry (" + OUTAGE_AFTER.substring(2)
					+ "); evictions read " + SETTLE.toSeconds() + " s after every instance's heartbeat was answered "
					+ "again. Times of the switch and the promotion are those of polls (every "
					+ POLL_INTERVAL.toMillis() + " ms; awaitHealthy's every 100 ms, asking all 6 nodes)");
			failoverRows(sentinel, cluster);
		}
	}

	// ---- throughput by layout

	private void layouts() {
		int before = started.size();
		Benchmarks.log("redis layouts: starting 2 standalone Redis, a Cluster of 3 primaries and a registry on each");
		ManagedRedis standalone = push(RedisServers.startNew());
		report.machine("redis", Benchmarks.redisInfo(standalone, "server", "redis_version"));
		ManagedRedis single = push(RedisServers.startNew());
		RedisCluster cluster = push(RedisCluster.start(3, 0, FAILURE_DETECTION));
		List<String> names = List.of("A: standalone, 8 partitions", "B: standalone, 1 partition",
				"C: Cluster of 3 primaries, 8 partitions");
		List<String> onSingle = new ArrayList<>(Benchmarks.standalone(single));
		onSingle.add("--beacon.registry.redis.partitions=1");
		List<String> onStandalone = new ArrayList<>(Benchmarks.standalone(standalone));
		onStandalone.add("--beacon.registry.redis.partitions=8");
		List<Registry> registries = List.of(registry("registry-standalone-8", onStandalone),
				registry("registry-standalone-1", onSingle),
				registry("registry-cluster", List.of("--spring.data.redis.cluster.nodes=" + cluster.nodes())));
		registries.forEach(this::awaitUp);
		report.setting("redis layouts", String.join("; ", names) + " (no replicas); each a registry jar of its own, "
				+ "all running at once; each workload's measured time cut into " + Benchmarks.ROUNDS
				+ " slices per side run in turn (A B C, C B A...)");

		Benchmarks.log("redis layouts: registering " + Benchmarks.INSTANCES + " instances on each, in "
				+ Benchmarks.ROUNDS + " slices in turn");
		Result[] registered = registerInSlices(registries);
		Benchmarks.log("redis layouts: heartbeats of all " + Benchmarks.INSTANCES + " for " + heartbeatTime.toSeconds()
				+ " s each");
		Result[] beats = load.compare(Benchmarks.ROUNDS, registries.stream()
			.map((registry) -> plan(registry, heartbeatTime, (seq) -> Benchmarks.heartbeat(registry.api(), seq)))
			.toArray(Plan[]::new));
		report.warmups("redis layouts, heartbeats", names, beats, load.maxWarmup());
		Benchmarks.log("redis layouts: reads of one service for " + readTime.toSeconds() + " s each");
		Result[] reads = load.compare(Benchmarks.ROUNDS, registries.stream()
			.map((registry) -> plan(registry, readTime,
					(seq) -> registry.api().readService(RegistryApi.serviceName(7))))
			.toArray(Plan[]::new));
		report.warmups("redis layouts, reads of one service", names, reads, load.maxWarmup());
		Benchmarks.stopStartedSince(started, before);

		report.table(LAYOUT_TABLE, "workload", "metric", names.get(0), names.get(1), names.get(2), "B ÷ A", "C ÷ A");
		String register = "register 10,000 instances in 500 services";
		String heartbeats = "heartbeats of all 10,000, " + heartbeatTime.toSeconds() + " s";
		String read = "read one service of 20 instances, " + readTime.toSeconds() + " s";
		layoutRow(register, "registrations/s (higher is better)", registered, Result::perSecond, Report::num);
		layoutRow(heartbeats, "req/s (higher is better)", beats, Result::perSecond, Report::num);
		layoutRow(heartbeats, "p99 (lower is better)", beats, Result::p99Micros, Report::ms);
		layoutRow(heartbeats, "registry CPU per request", beats, (result) -> result.cpuMicrosPerRequest(0),
				RedisLayoutBench::micros);
		layoutRow(read, "req/s (higher is better)", reads, Result::perSecond, Report::num);
		layoutRow(read, "p99 (lower is better)", reads, Result::p99Micros, Report::ms);
		layoutRow(read, "registry CPU per request", reads, (result) -> result.cpuMicrosPerRequest(0),
				RedisLayoutBench::micros);
		for (int i = 0; i < names.size(); i++) {
			report.raw("redis layouts | register | " + names.get(i), registered[i]);
			report.raw("redis layouts | heartbeats | " + names.get(i), beats[i]);
			report.raw("redis layouts | reads | " + names.get(i), reads[i]);
		}
	}

	/**
	 * Warms each registry with registrations outside the benchmark's services, then registers
	 * the 10,000 instances on the three in {@link Benchmarks#ROUNDS} slices in turn.
	 */
	private Result[] registerInSlices(List<Registry> registries) {
		registries.forEach((registry) -> Benchmarks.warmRegistrations(load, registry.api(), connections));
		Result[] results = new Result[registries.size()];
		long perSlice = Benchmarks.INSTANCES / Benchmarks.ROUNDS;
		for (int round = 0; round < Benchmarks.ROUNDS; round++) {
			long offset = round * perSlice;
			for (int i = 0; i < registries.size(); i++) {
				int index = (round % 2 == 0) ? i : registries.size() - 1 - i;
				RegistryApi api = registries.get(index).api();
				Result slice = load.run(Plan.counted(api.baseUrl(), api.headers(), connections, perSlice,
						(seq) -> Benchmarks.registration(api, offset + seq)));
				results[index] = (results[index] != null) ? results[index].plus(slice) : slice;
			}
		}
		return results;
	}

	private Plan plan(Registry registry, Duration duration, LongFunction<Request> requests) {
		RegistryApi api = registry.api();
		return Plan.timed(api.baseUrl(), api.headers(), connections, warmup, duration, requests)
			.servedBy(registry.process().pid());
	}

	/** A row of the layout table: the figure of each side, then B's and C's as ratios to A's. */
	private void layoutRow(String workload, String metric, Result[] results, ToDoubleFunction<Result> figure,
			DoubleFunction<String> format) {
		double[] values = Arrays.stream(results).mapToDouble(figure).toArray();
		String[] cells = new String[7];
		cells[0] = workload;
		cells[1] = metric;
		for (int i = 0; i < 3; i++) {
			cells[2 + i] = format.apply(values[i]) + GatewayBench.errors(results[i]);
		}
		cells[5] = Report.ratio(values[1], values[0]);
		cells[6] = Report.ratio(values[2], values[0]);
		report.tableRow(LAYOUT_TABLE, cells);
		Benchmarks.log("  " + workload + ", " + metric + ": " + String.join(" | ", Arrays.copyOfRange(cells, 2, 7)));
	}

	private static String micros(double micros) {
		return Report.num(micros) + " µs";
	}

	// ---- failovers

	/** What a failover saw; times from {@link System#nanoTime()}, -1 when it did not happen within the cap. */
	private record Failover(long killed, long recovered, long answered, HeartbeatLoops heartbeats,
			List<Beat> beats, WatchClient watch, List<String> listed, @Nullable Result gatewayLoad) {
	}

	/** A failover and the figures of its groups of instances: Sentinel's one; the Cluster's affected and others. */
	private record Outcome(Failover failover, List<Group> groups) {
	}

	private Outcome sentinelFailover() {
		int before = started.size();
		Benchmarks.log("sentinel failover: starting a primary, a replica, 3 sentinels and a registry");
		RedisSentinels sentinels = push(RedisSentinels.start(FAILURE_DETECTION));
		Registry registry = registry("registry-sentinel",
				List.of("--spring.data.redis.sentinel.master=" + RedisSentinels.MASTER,
						"--spring.data.redis.sentinel.nodes=" + sentinels.nodes(), OUTAGE_AFTER));
		awaitUp(registry);
		List<String> services = IntStream.range(0, SENTINEL_INSTANCES).mapToObj((i) -> SENTINEL_SERVICE).toList();
		int primaryPort = sentinels.primary().endpoint().port();
		Benchmarks.log("sentinel failover: killing the primary under " + SENTINEL_INSTANCES + " instances");
		Failover failover = failover(registry.api(), services, () -> {
		}, sentinels.primary()::kill, () -> pollUntil(() -> {
			int current = sentinels.currentPrimaryPort();
			return current > 0 && current != primaryPort;
		}), null);
		Benchmarks.stopStartedSince(started, before);
		return new Outcome(failover, List.of(group(failover, (instance) -> true)));
	}

	private Outcome clusterFailover() {
		int before = started.size();
		Benchmarks.log("cluster failover: starting 3 primaries with a replica each and a registry");
		RedisCluster cluster = push(RedisCluster.start(3, 1, FAILURE_DETECTION));
		Registry registry = registry("registry-cluster-failover",
				List.of("--spring.data.redis.cluster.nodes=" + cluster.nodes(), OUTAGE_AFTER));
		awaitUp(registry);
		String gatewayUrl = gateway ? startGateway(registry.api().baseUrl()) : null;
		List<String> services = new ArrayList<>();
		for (int s = 0; s < CLUSTER_SERVICES; s++) {
			for (int i = 0; i < CLUSTER_PER_SERVICE; i++) {
				services.add(String.format("fo-%02d", s));
			}
		}
		String target = gateway ? "greeting" : services.get(0);
		ManagedRedis holder = cluster.primaryHolding("*" + target + "*").orElse(null);
		ManagedRedis victim = (holder != null) ? holder : cluster.primaries().get(0);
		Set<String> onVictim = new HashSet<>();
		Benchmarks.log("cluster failover: killing primary " + victim.endpoint() + " ("
				+ ((holder != null) ? "it holds keys of " + target : "no primary holds keys of " + target)
				+ ") under " + services.size() + " instances" + (gateway ? " and gateway load" : ""));
		Runnable locate = () -> services.stream()
			.distinct()
			.filter((service) -> cluster.holds(victim, "*" + service + "*"))
			.forEach(onVictim::add);
		Failover failover = failover(registry.api(), services, locate, victim::kill, () -> {
			try {
				cluster.awaitHealthy();
				return System.nanoTime();
			}
			catch (IllegalStateException ex) {
				Benchmarks.log("cluster failover: no promotion: " + ex.getMessage().lines().findFirst().orElse(""));
				return -1;
			}
		}, gatewayUrl);
		Benchmarks.stopStartedSince(started, before);
		IntPredicate affected = (instance) -> onVictim.contains(services.get(instance));
		return new Outcome(failover, List.of(group(failover, affected), group(failover, affected.negate())));
	}

	/**
	 * Opens a watch stream of the services, registers the instances (one per entry of
	 * {@code services}, ids {@code <service>-<n>}) and starts their heartbeats; once every one
	 * succeeded, runs {@code beforeKill}, starts the gateway's load if there is a gateway, and
	 * kills. Then waits for {@code recovery} (the moment Redis had failed over, or -1), then
	 * until every instance's latest heartbeat was sent after that and succeeded, or answered
	 * 404 (evicted), then {@link #SETTLE}, and reads the services.
	 */
	private Failover failover(RegistryApi api, List<String> services, Runnable beforeKill, Runnable kill,
			LongSupplier recovery, @Nullable String gatewayUrl) {
		List<String> ids = new ArrayList<>();
		List<Request> registrations = new ArrayList<>();
		for (int i = 0; i < services.size(); i++) {
			String service = services.get(i);
			String id = service + "-" + i;
			ids.add(id);
			registrations.add(Request.put("/v1/services/" + service + "/instances/" + id,
					"{\"host\":\"127.0.0.1\",\"port\":" + (41000 + i) + ",\"ttlSeconds\":" + LEASE_SECONDS + "}"));
		}
		String watched = String.join(",", services.stream().distinct().toList());
		try (WatchClient watch = new WatchClient(client, api.baseUrl(), Benchmarks.TOKEN, watched);
				HeartbeatLoops heartbeats = new HeartbeatLoops(http, api, services, ids, registrations,
						HEARTBEAT_INTERVAL)) {
			Benchmarks.await(watch.arrival("snapshot", ""));
			heartbeats.start();
			if (pollUntil(() -> heartbeats.everyLatest(Beat::ok)) < 0) {
				throw new IllegalStateException("not every instance registered and had a heartbeat succeed within "
						+ FAILOVER_CAP.toSeconds() + " s before the kill; latest answers by status: "
						+ heartbeats.latestStatuses());
			}
			beforeKill.run();
			CompletableFuture<Result> gatewayLoad = (gatewayUrl != null) ? gatewayLoad(gatewayUrl) : null;
			long killed = System.nanoTime();
			kill.run();
			long recovered = recovery.getAsLong();
			long answered = -1;
			if (recovered >= 0) {
				answered = pollUntil(() -> heartbeats
					.everyLatest((beat) -> beat.status() == 404 || (beat.ok() && beat.sentNanos() >= recovered)));
				Benchmarks.log("  failed over after " + seconds(recovered, killed) + " s; every instance answered "
						+ "again (2xx, or 404 when evicted) " + seconds(answered, recovered) + " s after that; settling "
						+ "for " + SETTLE.toSeconds() + " s");
				sleep(SETTLE);
			}
			List<String> listed = new ArrayList<>();
			for (String service : services.stream().distinct().toList()) {
				Http.Answer read = http.send(api.baseUrl(), api.headers(), api.readService(service));
				ids.stream().filter((id) -> read.ok() && read.body().contains("\"" + id + "\"")).forEach(listed::add);
			}
			Result gatewayResult = (gatewayLoad != null) ? gatewayLoad.join() : null;
			heartbeats.close();
			return new Failover(killed, recovered, answered, heartbeats, heartbeats.beats(), watch, listed,
					gatewayResult);
		}
	}

	/** The figures of a group of a failover's instances, from the kill on. */
	private record Group(int services, int instances, long sent, long failed, long evictedBeats, long slow,
			double firstOkSeconds, double lastFailedSeconds, double slowestMillis, long expired, long missing) {
	}

	private Group group(Failover failover, IntPredicate member) {
		HeartbeatLoops heartbeats = failover.heartbeats();
		List<Integer> instances = IntStream.range(0, heartbeats.ids().size()).filter(member).boxed().toList();
		List<Beat> after = failover.beats().stream()
			.filter((beat) -> beat.sentNanos() >= failover.killed() && member.test(beat.instance()))
			.toList();
		long firstOk = after.stream().filter(Beat::ok).mapToLong(Beat::doneNanos).min().orElse(-1);
		long lastFailed = after.stream().filter((beat) -> !beat.ok()).mapToLong(Beat::doneNanos).max().orElse(-1);
		double slowest = after.stream().mapToLong((beat) -> beat.doneNanos() - beat.sentNanos()).max().orElse(0) / 1e6;
		long expired = instances.stream()
			.filter((instance) -> failover.watch().arrival("expire", heartbeats.ids().get(instance)).isDone())
			.count();
		long missing = instances.stream()
			.filter((instance) -> !failover.listed().contains(heartbeats.ids().get(instance)))
			.count();
		int services = (int) instances.stream().map(heartbeats::service).distinct().count();
		return new Group(services, instances.size(), after.size(), after.stream().filter((beat) -> !beat.ok()).count(),
				after.stream().filter((beat) -> beat.status() == 404).count(),
				after.stream().filter((beat) -> beat.doneNanos() - beat.sentNanos() > SLOW.toNanos()).count(),
				(firstOk < 0 || failover.recovered() < 0) ? Double.NaN : (firstOk - failover.recovered()) / 1e9,
				(lastFailed < 0 || failover.recovered() < 0) ? Double.NaN : (lastFailed - failover.recovered()) / 1e9,
				slowest, expired, missing);
	}

	/** One row per figure: Sentinel's, then the Cluster's for the affected services and for the others. */
	private void failoverRows(@Nullable Outcome sentinel, @Nullable Outcome cluster) {
		report.table(FAILOVER_TABLE, "figure", "Sentinel", "Cluster: services on the killed primary",
				"Cluster: services on the other primaries");
		List<Group> groups = new ArrayList<>();
		groups.add((sentinel != null) ? sentinel.groups().get(0) : null);
		groups.add((cluster != null) ? cluster.groups().get(0) : null);
		groups.add((cluster != null) ? cluster.groups().get(1) : null);
		failoverRow("kill → Redis failed over (Sentinel: the sentinels name the replica primary; Cluster: every slot "
				+ "has a running primary, RedisCluster.awaitHealthy) (s)", recovery(sentinel), recovery(cluster), "—");
		row(groups, "services (instances)", (group) -> group.services() + " (" + group.instances() + ")");
		row(groups, "switch or promotion → first successful heartbeat sent after the kill (s)",
				(group) -> (group == groups.get(2)) ? "— (their primary ran on)" : signed(group.firstOkSeconds()));
		row(groups, "switch or promotion → last failed heartbeat answered (s)",
				(group) -> (group.failed() == 0) ? "— (none failed)" : signed(group.lastFailedSeconds()));
		row(groups, "heartbeats failed (non-2xx or I/O error) of those sent from the kill on; of them 404 (evicted)",
				(group) -> group.failed() + " of " + group.sent() + "; " + group.evictedBeats());
		row(groups, "heartbeats answered after more than " + SLOW.toSeconds() + " s (failed or not); the slowest",
				(group) -> group.slow() + "; " + Report.num(group.slowestMillis()) + " ms");
		row(groups, "instances evicted: expire events on the watch stream / missing from the read after settling",
				(group) -> group.expired() + " / " + group.missing());
		failoverRow("fresh snapshots on the watch stream (one stream for all the services) after its first",
				snapshots(sentinel), snapshots(cluster), "—");
		Result gatewayLoad = (cluster != null) ? cluster.failover().gatewayLoad() : null;
		if (gatewayLoad != null) {
			failoverRow("gateway, open loop " + Report.num(gatewayRate) + " req/s to 2 greeting instances (their service "
					+ "on the killed primary), from " + LOAD_BEFORE_KILL.toSeconds() + " s before the kill to "
					+ LOAD_AFTER_KILL.toSeconds() + " s after: failed requests (expected 0)", "—",
					gatewayLoad.errors() + " of " + gatewayLoad.requests() + " (p99 " + Report.ms(gatewayLoad.p99Micros())
							+ ", max " + Report.ms(gatewayLoad.maxMicros()) + ")",
					"—");
			report.raw("redis failover | cluster | gateway load", gatewayLoad);
		}
		else if (cluster != null) {
			report.notDone("Redis failover: the gateway under load during the Cluster failover "
					+ "(bench.redis.gateway=false).");
		}
		raw("sentinel", sentinel);
		raw("cluster", cluster);
	}

	private static String recovery(@Nullable Outcome outcome) {
		return (outcome != null) ? seconds(outcome.failover().recovered(), outcome.failover().killed()) : "—";
	}

	private static String snapshots(@Nullable Outcome outcome) {
		return (outcome != null) ? Long.toString(outcome.failover().watch().count("snapshot") - 1) : "—";
	}

	private void raw(String side, @Nullable Outcome outcome) {
		if (outcome != null) {
			Failover failover = outcome.failover();
			report.raw("redis failover | " + side, Map.of("killToRecoveredNanos",
					nanos(failover.recovered(), failover.killed()), "recoveredToAllAnsweredNanos",
					nanos(failover.answered(), failover.recovered()), "groups", outcome.groups()));
		}
	}

	private void row(List<Group> groups, String figure, Function<Group, String> cell) {
		String[] cells = new String[3];
		for (int i = 0; i < 3; i++) {
			cells[i] = (groups.get(i) != null) ? cell.apply(groups.get(i)) : "—";
		}
		failoverRow(figure, cells[0], cells[1], cells[2]);
	}

	private void failoverRow(String figure, String sentinel, String affected, String unaffected) {
		report.tableRow(FAILOVER_TABLE, figure, sentinel, affected, unaffected);
		Benchmarks.log("  " + figure + ": " + String.join(" | ", sentinel, affected, unaffected));
	}

	/**
	 * Starts two greeting instances and the gateway on the registry, and waits until the
	 * gateway routes to both.
	 * @return the gateway's base URL
	 */
	private String startGateway(String registryUrl) {
		Benchmarks.log("cluster failover: starting two greeting instances and the gateway");
		List<JavaProcess> greetings = new ArrayList<>();
		List<Integer> ports = new ArrayList<>();
		for (int i = 1; i <= 2; i++) {
			int port = FreePorts.next();
			ports.add(port);
			greetings.add(push(JavaProcess.start(root.resolve("demo-services/greeting/target/greeting.jar"),
					"greeting-failover-" + i, List.of("--server.port=" + port,
							"--beacon.discovery.registry-url=" + registryUrl,
							"--beacon.discovery.token=" + Benchmarks.TOKEN, "--beacon.discovery.host=127.0.0.1",
							"--beacon.discovery.instance-id=greeting-failover-" + i))));
		}
		int gatewayPort = FreePorts.next();
		JavaProcess gatewayProcess = push(JavaProcess.start(root.resolve("gateway/target/gateway.jar"),
				"gateway-failover", List.of("--server.port=" + gatewayPort,
						"--management.server.port=" + FreePorts.next(), "--beacon.discovery.registry-url=" + registryUrl,
						"--beacon.discovery.token=" + Benchmarks.TOKEN)));
		for (int i = 0; i < 2; i++) {
			greetings.get(i).awaitHttpOk("http://127.0.0.1:" + ports.get(i) + "/hello", Duration.ofSeconds(120));
		}
		String url = "http://127.0.0.1:" + gatewayPort;
		gatewayProcess.awaitHttpOk(url + "/greeting/hello", Duration.ofSeconds(120));
		CrashBench.awaitRoutedTo(http, url, "greeting-failover-1");
		CrashBench.awaitRoutedTo(http, url, "greeting-failover-2");
		return url;
	}

	/** Constant load through the gateway from {@link #LOAD_BEFORE_KILL} before now, in the background. */
	private CompletableFuture<Result> gatewayLoad(String gatewayUrl) {
		Plan steady = Plan.timed(gatewayUrl, Map.of("Accept", "application/json"), 16, Duration.ZERO,
				LOAD_BEFORE_KILL.plus(LOAD_AFTER_KILL), (seq) -> Request.get("/greeting/hello")).atRate(gatewayRate);
		CompletableFuture<Result> running = CompletableFuture.supplyAsync(() -> load.run(steady));
		sleep(LOAD_BEFORE_KILL);
		return running;
	}

	/**
	 * Whether the Redis node holds a key whose name contains {@code service}: whether it serves
	 * that service's partition, since the registry's key names carry the service's (the
	 * partition itself is the registry's to compute).
	 */
	// ---- helpers

	private Registry registry(String name, List<String> redis) {
		int port = FreePorts.next();
		JavaProcess process = push(Benchmarks.startRegistry(root, name, port, redis));
		return new Registry(process, new RegistryApi.Beacon("http://127.0.0.1:" + port, Benchmarks.TOKEN));
	}

	private void awaitUp(Registry registry) {
		registry.process().awaitHttpOk(registry.api().baseUrl() + "/actuator/health", Duration.ofSeconds(120));
	}

	private <T extends AutoCloseable> T push(T process) {
		started.push(process);
		return process;
	}

	/** Polls {@code condition} until it holds; the time it did, or -1 after {@link #FAILOVER_CAP}. */
	private static long pollUntil(BooleanSupplier condition) {
		long deadline = System.nanoTime() + FAILOVER_CAP.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return System.nanoTime();
			}
			sleep(POLL_INTERVAL);
		}
		return -1;
	}

	private static long nanos(long to, long from) {
		return (to < 0 || from < 0) ? -1 : to - from;
	}

	private static String seconds(long to, long from) {
		return (to < 0 || from < 0) ? "not within " + FAILOVER_CAP.toSeconds() + " s" : Report.num((to - from) / 1e9);
	}

	private static String signed(double seconds) {
		return Double.isNaN(seconds) ? "n/a" : String.format(Locale.ROOT, "%+.2f", seconds);
	}

	private static void sleep(Duration time) {
		try {
			Thread.sleep(time.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The parts named in {@code bench.redis.parts} (comma-separated), every part when unset. */
	static List<String> parts(@Nullable String property) {
		return GatewayTuningBench.parts("bench.redis.parts", property, PARTS);
	}

}

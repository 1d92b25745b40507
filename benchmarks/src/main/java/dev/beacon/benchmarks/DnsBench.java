package dev.beacon.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

import dev.beacon.benchmarks.LoadGenerator.Plan;
import dev.beacon.benchmarks.LoadGenerator.Request;
import dev.beacon.benchmarks.LoadGenerator.Result;
import dev.beacon.testsupport.FreePorts;

/**
 * The registry's DNS interface against dnsmasq answering the same A records from a hosts file,
 * both driven by dnsperf with the same query file and settings, in turns (A B, B A) so that other
 * load on the machine weighs on both alike. dnsmasq is the yardstick because it is what a host
 * or container resolver commonly is: a small C server answering from memory, as the registry
 * does between changes. Each of the 500 services of 20 instances gets distinct addresses, so
 * that both answer the same 20 records per name. Queries carry EDNS0 so that both answers fit
 * in one datagram: the registry writes names uncompressed (Netty's encoder), so 20 A records
 * exceed the 512 bytes allowed without EDNS0, where it answers those that fit, truncated; a
 * shorter round without EDNS0 shows that case.
 */
final class DnsBench {

	/** Debian's paths ({@code apt-get install -y dnsperf dnsmasq-base}). */
	private static final Path DNSPERF = Path.of("/usr/bin/dnsperf");

	private static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");

	private static final String TABLE = "DNS: the registry against dnsmasq, the same 500 names of 20 A records, dnsperf";

	/**
	 * dnsperf's clients (source ports) and queries in flight: enough to keep a server busy
	 * without queueing so deep that latency only measures the queue.
	 */
	private static final List<String> CLIENT = List.of("-c", "4", "-T", "1", "-q", "100");

	private static final List<String> EDNS = List.of("-e");

	private static final int ROUNDS = 2;

	private static final Pattern COUNTS = Pattern.compile(
			"Queries completed:\\s+(\\d+).*?Queries lost:\\s+(\\d+).*?Response codes:\\s+([^\\n]*).*?"
					+ "response (\\d+).*?Run time \\(s\\):\\s+([\\d.]+).*?Average Latency \\(s\\):\\s+([\\d.]+) "
					+ "\\(min [\\d.]+, max ([\\d.]+)\\)",
			Pattern.DOTALL);

	private final String registryUrl;

	private final int dnsPort;

	private final long registryPid;

	private final LoadGenerator load;

	private final Report report;

	private final Deque<AutoCloseable> started;

	private final int connections;

	private final Duration warmup;

	private final Duration maxWarmup;

	private final Duration round;

	private final Path files = Path.of("target", "dns").toAbsolutePath();

	/**
	 * @param registryUrl the registry, started with {@link #registryArgs}
	 * @param dnsPort the port given to {@link #registryArgs}
	 * @param round the time each side runs in one round, of two per side
	 */
	DnsBench(String registryUrl, int dnsPort, long registryPid, LoadGenerator load, Report report,
			Deque<AutoCloseable> started, int connections, Duration warmup, Duration maxWarmup, Duration round) {
		this.registryUrl = registryUrl;
		this.dnsPort = dnsPort;
		this.registryPid = registryPid;
		this.load = load;
		this.report = report;
		this.started = started;
		this.connections = connections;
		this.warmup = warmup;
		this.maxWarmup = maxWarmup;
		this.round = round;
	}

	/**
	 * The registry's arguments for its DNS interface on {@code port}, bound to the loopback
	 * address as dnsmasq is, so that both answer from the address they were asked at.
	 */
	static List<String> registryArgs(int port) {
		return List.of("--beacon.registry.dns.enabled=true", "--beacon.registry.dns.port=" + port,
				"--server.address=127.0.0.1");
	}

	/** One side: a name, the port it answers on, the process whose CPU it spends. */
	private record Server(String name, int port, long pid) {
	}

	/** What dnsperf reported of one or more runs, merged. */
	record Run(long completed, long lost, double seconds, double averageLatency, double maxLatency,
			long responseBytes, String responseCodes, long cpuMicros) {

		double perSecond() {
			return completed / seconds;
		}

		double cpuMicrosPerQuery() {
			return cpuMicros / (double) Math.max(1, completed);
		}

		Run plus(Run other) {
			long total = completed + other.completed;
			double latency = (total == 0) ? 0
					: (averageLatency * completed + other.averageLatency * other.completed) / total;
			return new Run(total, lost + other.lost, seconds + other.seconds, latency,
					Math.max(maxLatency, other.maxLatency), other.responseBytes, responseCodes + "; " + other.responseCodes,
					cpuMicros + other.cpuMicros);
		}

	}

	void run() {
		if (!Files.isExecutable(DNSPERF) || !Files.isExecutable(DNSMASQ)) {
			report.notDone("DNS interface against dnsmasq: install dnsperf and dnsmasq "
					+ "(apt-get install -y dnsperf dnsmasq-base)");
			return;
		}
		Benchmarks.log("dns: registering " + Benchmarks.INSTANCES + " instances in " + Benchmarks.SERVICES
				+ " services, each at its own address");
		register();
		Path aQueries = write("a-queries.txt", (service) -> List.of(name(service) + " A"));
		Path srvQueries = write("srv-queries.txt", (service) -> List.of("_" + RegistryApi.serviceName(service)
				+ "._tcp.service.beacon SRV"));
		Path hosts = write("hosts", (service) -> {
			List<String> lines = new ArrayList<>();
			for (int i = 0; i < Benchmarks.PER_SERVICE; i++) {
				lines.add(address(service, i) + " " + name(service));
			}
			return lines;
		});
		int dnsmasqPort = FreePorts.next();
		ChildProcess dnsmasq = ChildProcess.start("dnsmasq", List.of(DNSMASQ.toString(), "--keep-in-foreground",
				"--log-facility=-", "--conf-file=/dev/null", "--pid-file=", "--no-resolv", "--no-hosts",
				"--addn-hosts=" + hosts, "--port=" + dnsmasqPort, "--listen-address=127.0.0.1", "--bind-interfaces",
				"--cache-size=10000", "--local-ttl=0"));
		started.push(dnsmasq);
		Server registry = new Server("registry", dnsPort, registryPid);
		Server peer = new Server("dnsmasq", dnsmasqPort, dnsmasq.pid());
		for (Server server : List.of(registry, peer)) {
			expectAllAddresses(server);
		}

		Benchmarks.log("dns: warming up the registry (slices of " + LoadGenerator.WARMUP_SLICE.toSeconds()
				+ " s until its JIT is idle), dnsmasq for one slice");
		List<Double> warmRates = warm(registry, aQueries);
		dnsperf(peer, aQueries, LoadGenerator.WARMUP_SLICE, EDNS);
		report.note("DNS warm-up, the registry (queries/s of each " + LoadGenerator.WARMUP_SLICE.toSeconds()
				+ " s slice): " + String.join(" → ", warmRates.stream().map(Report::num).toList()));

		Benchmarks.log("dns: A queries, as fast as each answers, " + ROUNDS + " rounds of " + round.toSeconds()
				+ " s each, in turn");
		Run[] saturated = compare(registry, peer, aQueries, EDNS, ROUNDS);
		double rate = Math.max(1000, Math.floor(Math.min(saturated[0].perSecond(), saturated[1].perSecond()) / 2 / 1000)
				* 1000);
		Benchmarks.log("dns: A queries at " + Report.num(rate) + " queries/s for both, in turn");
		Run[] paced = compare(registry, peer, aQueries, List.of("-e", "-Q", Long.toString((long) rate)), ROUNDS);
		Benchmarks.log("dns: A queries without EDNS0, one round each");
		Run[] plain = compare(registry, peer, aQueries, List.of(), 1);
		Benchmarks.log("dns: SRV queries at the registry, " + round.toSeconds() + " s");
		Run srv = dnsperf(registry, srvQueries, round, EDNS);
		report(saturated, paced, rate, plain, srv);
	}

	/** Registers every instance UP with a long lease, 20 per service, at distinct addresses. */
	private void register() {
		RegistryApi beacon = new RegistryApi.Beacon(registryUrl, Benchmarks.TOKEN);
		Result result = load.run(Plan.counted(registryUrl, beacon.headers(), connections, Benchmarks.INSTANCES, (seq) -> {
			int service = (int) (seq % Benchmarks.SERVICES);
			int instance = (int) (seq / Benchmarks.SERVICES);
			return Request.put("/v1/services/" + RegistryApi.serviceName(service) + "/instances/"
					+ RegistryApi.instanceId(service, instance), "{\"host\":\"" + address(service, instance)
							+ "\",\"port\":8080,\"status\":\"UP\",\"ttlSeconds\":" + RegistryApi.LEASE_SECONDS + "}");
		}));
		if (result.errors() > 0) {
			throw new IllegalStateException(result.errors() + " registrations failed");
		}
	}

	private static String name(int service) {
		return RegistryApi.serviceName(service) + ".service.beacon";
	}

	/** {@code 10.<service / 256>.<service % 256>.<instance + 1>}: distinct for 20 instances of each. */
	private static String address(int service, int instance) {
		return "10." + (service / 256) + "." + (service % 256) + "." + (instance + 1);
	}

	private Path write(String file, IntFunction<List<String>> linesOfService) {
		List<String> lines = new ArrayList<>();
		for (int service = 0; service < Benchmarks.SERVICES; service++) {
			lines.addAll(linesOfService.apply(service));
		}
		try {
			Files.createDirectories(files);
			return Files.write(files.resolve(file), lines, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Asks {@code server} with the JDK's own DNS client for the first and the last name until it
	 * answers (dnsmasq may still be starting), and fails unless each has all its addresses.
	 */
	private static void expectAllAddresses(Server server) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		for (int service : new int[] { 0, Benchmarks.SERVICES - 1 }) {
			while (true) {
				Hashtable<String, String> environment = new Hashtable<>();
				environment.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
				environment.put(Context.PROVIDER_URL, "dns://127.0.0.1:" + server.port() + "/");
				try {
					DirContext context = new InitialDirContext(environment);
					Attribute records = context.getAttributes(name(service), new String[] { "A" }).get("A");
					context.close();
					int size = (records != null) ? records.size() : 0;
					if (size != Benchmarks.PER_SERVICE) {
						throw new IllegalStateException(server.name() + " answered " + size + " A records for "
								+ name(service) + ", not " + Benchmarks.PER_SERVICE);
					}
					break;
				}
				catch (NamingException ex) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException(server.name() + " did not answer " + name(service), ex);
					}
					sleep(200);
				}
			}
		}
	}

	/**
	 * Warms the registry until its JIT is done, as {@link LoadGenerator#warm} does for HTTP:
	 * slices until, in one, its compilers used under a tenth of a core and the rate was no more
	 * than 5% above the best before it; at least the warm-up, at most the cap.
	 * @return the queries per second of each slice
	 */
	private List<Double> warm(Server server, Path queries) {
		List<Double> rates = new ArrayList<>();
		long start = System.nanoTime();
		double best = 0;
		double compiled = JitActivity.compilerSeconds(server.pid());
		while (true) {
			double rate = dnsperf(server, queries, LoadGenerator.WARMUP_SLICE, EDNS).perSecond();
			rates.add(rate);
			double nowCompiled = JitActivity.compilerSeconds(server.pid());
			boolean compiling = nowCompiled - compiled > 0.1 * LoadGenerator.WARMUP_SLICE.toSeconds();
			compiled = nowCompiled;
			boolean climbing = rate > best * 1.05;
			best = Math.max(best, rate);
			long spent = System.nanoTime() - start;
			if (spent >= maxWarmup.toNanos() || (!climbing && !compiling && spent >= warmup.toNanos())) {
				return rates;
			}
		}
	}

	/** Both servers in turn, A B then B A, {@code rounds} times each, the same queries and settings. */
	private Run[] compare(Server a, Server b, Path queries, List<String> options, int rounds) {
		Run[] runs = new Run[2];
		Server[] servers = { a, b };
		for (int i = 0; i < 2 * rounds; i++) {
			int side = (i % 4 == 0 || i % 4 == 3) ? 0 : 1;
			Run run = dnsperf(servers[side], queries, round, options);
			runs[side] = (runs[side] != null) ? runs[side].plus(run) : run;
		}
		return runs;
	}

	/** One dnsperf run of {@code time} against {@code server}, with the server's CPU over it. */
	private Run dnsperf(Server server, Path queries, Duration time, List<String> options) {
		List<String> command = new ArrayList<>(List.of(DNSPERF.toString(), "-s", "127.0.0.1", "-p",
				Integer.toString(server.port()), "-d", queries.toString(), "-l", Long.toString(time.toSeconds())));
		command.addAll(CLIENT);
		command.addAll(options);
		long cpuBefore = ProcessCpu.micros(server.pid());
		String output;
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("dnsperf against " + server.name() + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		long cpu = ProcessCpu.micros(server.pid()) - cpuBefore;
		Matcher matcher = COUNTS.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("dnsperf's output not understood: " + output);
		}
		return new Run(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
				Double.parseDouble(matcher.group(5)), Double.parseDouble(matcher.group(6)),
				Double.parseDouble(matcher.group(7)), Long.parseLong(matcher.group(4)), matcher.group(3).trim(), cpu);
	}

	private void report(Run[] saturated, Run[] paced, double rate, Run[] plain, Run srv) {
		report.table(TABLE, "figure", "registry", "dnsmasq", "registry ÷ dnsmasq", "target");
		double ratio = saturated[0].perSecond() / saturated[1].perSecond();
		report.tableRow(TABLE, "A, EDNS0, as fast as answered (" + String.join(" ", CLIENT) + "), queries/s",
				Report.num(saturated[0].perSecond()), Report.num(saturated[1].perSecond()),
				Report.ratio(saturated[0].perSecond(), saturated[1].perSecond()),
				"≥ 0.5×: " + ((ratio >= 0.5) ? "met" : "missed"));
		latencyRow("A, EDNS0, as fast as answered, latency average / max", saturated);
		report.tableRow(TABLE, "A, EDNS0, as fast as answered, server CPU per query",
				micros(saturated[0].cpuMicrosPerQuery()), micros(saturated[1].cpuMicrosPerQuery()),
				Report.ratio(saturated[0].cpuMicrosPerQuery(), saturated[1].cpuMicrosPerQuery()), "—");
		latencyRow("A, EDNS0, at " + Report.num(rate) + " queries/s for both, latency average / max", paced);
		report.tableRow(TABLE, "A, EDNS0, queries lost (all rounds) / response size",
				lost(saturated[0].plus(paced[0])) + " / " + saturated[0].responseBytes() + " B",
				lost(saturated[1].plus(paced[1])) + " / " + saturated[1].responseBytes() + " B", "—", "0 lost");
		report.tableRow(TABLE, "A without EDNS0, one round, queries/s / response size",
				Report.num(plain[0].perSecond()) + " / " + plain[0].responseBytes() + " B",
				Report.num(plain[1].perSecond()) + " / " + plain[1].responseBytes() + " B",
				Report.ratio(plain[0].perSecond(), plain[1].perSecond()), "—");
		report.tableRow(TABLE, "SRV, EDNS0 (registry only), queries/s / latency average / max / response size",
				Report.num(srv.perSecond()) + " / " + latency(srv) + " / " + srv.responseBytes() + " B", "—", "—", "—");
		report.note("DNS: dnsperf " + String.join(" ", CLIENT) + " over UDP, each side " + ROUNDS + " rounds of "
				+ round.toSeconds() + " s in turn (A B B A); dnsperf 2.10 gives no percentiles, so latency is its "
				+ "average and maximum. Without EDNS0 an answer of the registry over 512 bytes carries the records "
				+ "that fit and the TC flag, and the client asks again over TCP (dnsperf does not). Response codes, "
				+ "registry: " + saturated[0].responseCodes() + "; dnsmasq: " + saturated[1].responseCodes() + "; SRV: "
				+ srv.responseCodes() + ".");
		Map<String, Object> raw = new LinkedHashMap<>();
		raw.put("registry", saturated[0]);
		raw.put("dnsmasq", saturated[1]);
		raw.put("pacedRate", rate);
		raw.put("registryPaced", paced[0]);
		raw.put("dnsmasqPaced", paced[1]);
		raw.put("registryWithoutEdns", plain[0]);
		raw.put("dnsmasqWithoutEdns", plain[1]);
		raw.put("registrySrv", srv);
		report.raw("dns", raw);
	}

	private void latencyRow(String figure, Run[] runs) {
		report.tableRow(TABLE, figure, latency(runs[0]), latency(runs[1]),
				Report.ratio(runs[0].averageLatency(), runs[1].averageLatency()), "—");
	}

	private static String latency(Run run) {
		return Report.ms(run.averageLatency() * 1e6) + " / " + Report.ms(run.maxLatency() * 1e6);
	}

	private static String lost(Run run) {
		return run.lost() + " of " + String.format(Locale.ROOT, "%,d", run.completed() + run.lost());
	}

	private static String micros(double value) {
		return Report.num(value) + " µs";
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

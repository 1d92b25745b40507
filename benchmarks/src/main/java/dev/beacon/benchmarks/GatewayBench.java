package dev.beacon.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.HdrHistogram.Histogram;

import dev.beacon.benchmarks.LoadGenerator.Plan;
import dev.beacon.benchmarks.LoadGenerator.Request;
import dev.beacon.benchmarks.LoadGenerator.Result;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;

/**
 * The gateway: how fast a change reaches its routing, then the greeting service's small answer
 * called directly, through Beacon's discovery route, through a stock Spring Cloud Gateway with
 * one static route (the {@code plain-gateway} module) and through nginx: first closed loop for
 * requests per second, then open loop at one constant rate for every side, half of what the
 * slowest side managed, for latency that a stalled server cannot hide.
 */
final class GatewayBench {

	/** One way of reaching the greeting backend, and the JVMs that serve it. */
	record Side(String name, String baseUrl, String path, long... servers) {
	}

	private final Path root;

	private final String registryUrl;

	private final String token;

	private final HttpClient http;

	private final LoadGenerator load;

	private final Report report;

	private final Deque<AutoCloseable> started;

	private final int connections;

	private final Duration warmup;

	private final Duration duration;

	private final Duration openLoopDuration;

	private final int samples;

	private String gatewayUrl = "";

	GatewayBench(Path root, String registryUrl, String token, HttpClient http, LoadGenerator load, Report report,
			Deque<AutoCloseable> started, int connections, Duration warmup, Duration duration,
			Duration openLoopDuration, int samples) {
		this.root = root;
		this.registryUrl = registryUrl;
		this.token = token;
		this.http = http;
		this.load = load;
		this.report = report;
		this.started = started;
		this.connections = connections;
		this.warmup = warmup;
		this.duration = duration;
		this.openLoopDuration = openLoopDuration;
		this.samples = samples;
	}

	/** Base URL of Beacon's gateway, once {@link #run()} started it. */
	String gatewayUrl() {
		return gatewayUrl;
	}

	void run() {
		int greetingPort = FreePorts.next();
		JavaProcess greeting = JavaProcess.start(root.resolve("demo-services/greeting/target/greeting.jar"), "greeting",
				List.of("--server.port=" + greetingPort, "--beacon.discovery.registry-url=" + registryUrl,
						"--beacon.discovery.token=" + token, "--beacon.discovery.host=127.0.0.1"));
		started.push(greeting);
		int gatewayPort = FreePorts.next();
		JavaProcess gateway = JavaProcess.start(root.resolve("gateway/target/gateway.jar"), "gateway",
				List.of("--server.port=" + gatewayPort, "--management.server.port=" + FreePorts.next(),
						"--beacon.discovery.registry-url=" + registryUrl, "--beacon.discovery.token=" + token));
		started.push(gateway);
		int plainPort = FreePorts.next();
		String route = "--spring.cloud.gateway.server.webflux.routes[0].";
		JavaProcess plain = JavaProcess.start(root.resolve("benchmarks/plain-gateway/target/plain-gateway.jar"),
				"plain-gateway", List.of("--server.port=" + plainPort, route + "id=greeting",
						route + "uri=http://127.0.0.1:" + greetingPort, route + "predicates[0]=Path=/greeting/**",
						route + "filters[0]=StripPrefix=1"));
		started.push(plain);
		String greetingUrl = "http://127.0.0.1:" + greetingPort;
		gatewayUrl = "http://127.0.0.1:" + gatewayPort;
		String plainUrl = "http://127.0.0.1:" + plainPort;
		greeting.awaitHttpOk(greetingUrl + "/hello", Duration.ofSeconds(120));
		gateway.awaitHttpOk(gatewayUrl + "/greeting/hello", Duration.ofSeconds(120));
		plain.awaitHttpOk(plainUrl + "/greeting/hello", Duration.ofSeconds(120));

		Benchmarks.log("4b. propagation to the gateway's routing, " + samples + " samples each way");
		propagationToGateway(gatewayUrl, greetingPort);

		Benchmarks.log("6. gateway throughput, closed loop, " + duration.toSeconds() + " s per side");
		List<Side> sides = new ArrayList<>(List.of(new Side("direct to greeting", greetingUrl, "/hello", greeting.pid()),
				new Side("Beacon gateway, discovery route `/greeting/**` (lb://greeting)", gatewayUrl, "/greeting/hello",
						gateway.pid(), greeting.pid()),
				new Side("plain Spring Cloud Gateway, one static route, no discovery", plainUrl, "/greeting/hello",
						plain.pid(), greeting.pid())));
		nginx(greetingPort).ifPresent((url) -> sides.add(new Side("nginx reverse proxy (keep-alive upstream)", url,
				"/greeting/hello", greeting.pid())));
		Result[] closed = load.compare(Benchmarks.ROUNDS,
				sides.stream().map((side) -> plan(side, warmup, duration)).toArray(Plan[]::new));
		report.warmups("gateway", sides.stream().map((side) -> side.name().replaceAll(",.*", "")).toList(), closed,
				load.maxWarmup());
		double plainRate = closed[2].perSecond();
		double nginxRate = (sides.size() > 3) ? closed[3].perSecond() : -1;
		for (int i = 0; i < sides.size(); i++) {
			report.raw("gateway closed loop | " + sides.get(i).name(), closed[i]);
			gatewayRow(sides.get(i), closed[i], plainRate, nginxRate);
		}
		if (nginxRate < 0) {
			report.gateway("nginx", "nginx absent", "—", "—", "—", "—", "—", "—");
		}
		double beaconCpu = closed[1].cpuMicrosPerRequest(0) / closed[1].cpuMicrosPerRequest(1);
		double plainCpu = closed[2].cpuMicrosPerRequest(0) / closed[2].cpuMicrosPerRequest(1);
		report.note("Gateway CPU per request, each divided by the backend's in the same slices (steadier than req/s "
				+ "when the machine's speed drifts): Beacon " + Report.num(beaconCpu) + ", plain Spring Cloud Gateway "
				+ Report.num(plainCpu) + ", Beacon ÷ plain " + Report.ratio(beaconCpu, plainCpu) + ".");
		Result beacon = closed[1];
		report.note("Gateway targets (closed loop): Beacon ≥ plain Spring Cloud Gateway: "
				+ (beacon.perSecond() >= plainRate ? "met" : "missed") + " (" + Report.ratio(beacon.perSecond(), plainRate)
				+ "); Beacon ≥ 50% of nginx: " + ((nginxRate > 0) ? ((beacon.perSecond() >= 0.5 * nginxRate) ? "met"
						: "missed") + " (" + Report.ratio(beacon.perSecond(), nginxRate) + ")" : "nginx absent"));

		double slowest = java.util.Arrays.stream(closed).mapToDouble(Result::perSecond).min().orElse(0);
		double rate = Math.max(100, Math.floor(slowest / 2 / 100) * 100);
		Benchmarks.log("6. gateway latency, open loop at " + Report.num(rate) + " req/s, " + openLoopDuration.toSeconds()
				+ " s per side");
		Result[] open = load.compare(Benchmarks.ROUNDS, sides.stream()
			.map((side) -> plan(side, Duration.ofSeconds(1), openLoopDuration).atRate(rate))
			.toArray(Plan[]::new));
		report.setting("gateway open loop", "constant " + Report.num(rate) + " req/s on every side (half the closed-loop "
				+ "req/s of the slowest side, rounded down to 100), " + connections + " connections, latency from each "
				+ "request's due time, " + openLoopDuration.toSeconds() + " s per side after 1 s of warm-up");
		for (int i = 0; i < sides.size(); i++) {
			report.raw("gateway open loop at " + (long) rate + "/s | " + sides.get(i).name(), open[i]);
			report.gatewayAtRate(sides.get(i).name(), Report.num(rate),
					Report.num(open[i].perSecond()) + errors(open[i]), Report.ms(open[i].p50Micros()),
					Report.ms(open[i].p99Micros()), Report.ms(open[i].maxMicros()),
					Report.ratio(open[i].p99Micros(), open[2].p99Micros()),
					(sides.size() > 3) ? Report.ratio(open[i].p99Micros(), open[3].p99Micros()) : "—");
		}
	}

	private Plan plan(Side side, Duration warmup, Duration duration) {
		return Plan.timed(side.baseUrl(), Map.of("Accept", "application/json"), connections, warmup, duration,
				(seq) -> Request.get(side.path())).servedBy(side.servers());
	}

	static String errors(Result result) {
		return (result.errors() > 0) ? " (" + result.errors() + " errors)" : "";
	}

	private void gatewayRow(Side side, Result result, double plainRate, double nginxRate) {
		report.gateway(side.name(), Report.num(result.perSecond()) + errors(result), Report.ms(result.p50Micros()),
				Report.ms(result.p99Micros()), Report.ms(result.maxMicros()), Report.ratio(result.perSecond(), plainRate),
				(nginxRate > 0) ? Report.ratio(result.perSecond(), nginxRate) : "—", proxyCpu(side, result));
	}

	/** The proxy's CPU per request, and as a multiple of the backend's; none for direct calls and nginx. */
	private static String proxyCpu(Side side, Result result) {
		if (side.servers().length < 2) {
			return "—";
		}
		double proxy = result.cpuMicrosPerRequest(0);
		return Report.num(proxy) + " µs (" + Report.ratio(proxy, result.cpuMicrosPerRequest(1)) + ")";
	}

	/**
	 * Registers an instance of a new service pointing at the greeting backend and polls the
	 * gateway until it routes there; deregisters it and polls until the gateway stops.
	 */
	private void propagationToGateway(String gatewayUrl, int greetingPort) {
		Histogram to = new Histogram(3);
		Histogram away = new Histogram(3);
		long capped = 0;
		String url = gatewayUrl + "/gwprop/hello";
		for (int i = 0; i < samples; i++) {
			String instance = registryUrl + "/v1/services/gwprop/instances/gwprop-" + i;
			long done = write("PUT", instance, "{\"host\":\"127.0.0.1\",\"port\":" + greetingPort + "}");
			long seen = pollUntil(url, true);
			capped += (seen < 0) ? 1 : 0;
			to.recordValue(((seen < 0) ? 5_000_000_000L : seen - done) / 1000);
			done = write("DELETE", instance, null);
			seen = pollUntil(url, false);
			capped += (seen < 0) ? 1 : 0;
			away.recordValue(((seen < 0) ? 5_000_000_000L : seen - done) / 1000);
		}
		String eureka = "not measured; documented default worst case ≈ 95 s";
		new PropagationRows(report).row("4b. propagation: register → gateway routes to it (" + samples + " samples)", to,
				eureka, 100_000);
		new PropagationRows(report).row(
				"4b. propagation: deregister → gateway stops routing to it (" + samples + " samples)", away, eureka,
				100_000);
		if (capped > 0) {
			report.note(capped + " gateway propagation samples hit the 5 s cap (counted as 5 s).");
		}
	}

	/** Polls until the gateway answers 200 ({@code routed}) or not; the time it did, or -1 after 5 s. */
	private long pollUntil(String url, boolean routed) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				long now = System.nanoTime();
				if ((status == 200) == routed) {
					return now;
				}
			}
			catch (IOException ex) {
				// try again
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return -1;
			}
		}
		return -1;
	}

	private long write(String method, String url, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status >= 300) {
				throw new IllegalStateException(method + " " + url + " answered " + status);
			}
			return System.nanoTime();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts nginx as a reverse proxy to the greeting backend; its base URL, or empty when absent. */
	private Optional<String> nginx(int greetingPort) {
		Optional<Path> binary = Machine.nginx();
		if (binary.isEmpty()) {
			return Optional.empty();
		}
		int port = FreePorts.next();
		Path dir = Path.of("target", "nginx").toAbsolutePath();
		String conf = """
				worker_processes auto;
				daemon off;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				%3$s
				events { worker_connections 1024; }
				http {
				  access_log off;
				  client_body_temp_path %1$s/tmp;
				  proxy_temp_path %1$s/tmp;
				  fastcgi_temp_path %1$s/tmp;
				  uwsgi_temp_path %1$s/tmp;
				  scgi_temp_path %1$s/tmp;
				  upstream greeting { server 127.0.0.1:%2$d; keepalive 64; }
				  server {
				    listen 127.0.0.1:%4$d;
				    location /greeting/ {
				      proxy_pass http://greeting/;
				      proxy_http_version 1.1;
				      proxy_set_header Connection "";
				    }
				  }
				}
				""".formatted(dir, greetingPort, "root".equals(System.getProperty("user.name")) ? "user root;" : "",
				port);
		try {
			Files.createDirectories(dir.resolve("tmp"));
			Files.writeString(dir.resolve("nginx.conf"), conf);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		ChildProcess nginx = ChildProcess.start("nginx", List.of(binary.get().toString(), "-p", dir.toString(), "-e",
				dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString()));
		started.push(nginx);
		String url = "http://127.0.0.1:" + port;
		nginx.awaitHttpOk(url + "/greeting/hello", Duration.ofSeconds(20));
		return Optional.of(url);
	}

}

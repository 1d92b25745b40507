package dev.beacon.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.beacon.testsupport.HeadlessChromium;

/**
 * The registry's dashboard in headless Chromium with 500 services and 10,000 instances: how
 * long its services page takes from navigation until all 500 rows are in the page and painted,
 * and what an open page costs the registry (watch streams held, requests made while it stays
 * open). Each sample is a reload of the signed-in page: a new watch stream and its snapshot.
 */
final class DashboardBench {

	private static final Duration OPEN_TIME = Duration.ofSeconds(10);

	private static final Pattern GAUGE = Pattern.compile("\"value\"\\s*:\\s*([0-9.]+)");

	/**
	 * Waits for the page's mark of a table of at least {@code arguments[0]} rows, then for the
	 * next frame; answers the mark's time, the table's build time, the time after that frame and
	 * when the snapshot arrived, all in milliseconds from the navigation's start.
	 */
	private static final String RENDERED = """
			const done = arguments[arguments.length - 1];
			const rows = arguments[0];
			const found = (name) => performance.getEntriesByName(name).find((entry) => entry.detail && entry.detail.rows >= rows);
			(function look() {
			  const mark = found('beacon:services-rendered');
			  if (!mark) { setTimeout(look, 2); return; }
			  const build = found('beacon:services-render');
			  const snapshot = performance.getEntriesByName('beacon:snapshot-received').filter((entry) => entry.startTime <= mark.startTime).pop();
			  requestAnimationFrame(() => setTimeout(() => done([mark.startTime, build.duration, performance.now(), snapshot.startTime])));
			})();
			""";

	private final String registryUrl;

	private final LoadGenerator load;

	private final Report report;

	private final int connections;

	private final int samples;

	DashboardBench(String registryUrl, LoadGenerator load, Report report, int connections, int samples) {
		this.registryUrl = registryUrl;
		this.load = load;
		this.report = report;
		this.connections = connections;
		this.samples = samples;
	}

	void run() {
		if (!HeadlessChromium.isInstalled()) {
			this.report.notDone("10. dashboard: no headless Chromium (apt-get install chromium chromium-driver).");
			return;
		}
		RegistryApi beacon = new RegistryApi.Beacon(this.registryUrl, Benchmarks.TOKEN);
		Benchmarks.log("dashboard: registering " + Benchmarks.INSTANCES + " instances in " + Benchmarks.SERVICES
				+ " services");
		LoadGenerator.Result registered = this.load.run(LoadGenerator.Plan.counted(beacon.baseUrl(), beacon.headers(),
				this.connections, Benchmarks.INSTANCES, (seq) -> Benchmarks.registration(beacon, seq)));
		if (registered.errors() > 0) {
			throw new IllegalStateException(registered.errors() + " registrations failed");
		}
		ChromeDriver browser = HeadlessChromium.start();
		browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(30));
		try {
			measure(browser);
		}
		finally {
			browser.quit();
		}
	}

	private void measure(ChromeDriver browser) {
		browser.get(this.registryUrl + "/ui/");
		browser.findElement(By.id("sign-in-token")).sendKeys(Benchmarks.TOKEN);
		browser.findElement(By.id("sign-in-submit")).click();
		rendered(browser);
		Benchmarks.log("dashboard: " + this.samples + " loads of the services page");
		double[] inPage = new double[this.samples];
		double[] painted = new double[this.samples];
		double[] build = new double[this.samples];
		double[] snapshot = new double[this.samples];
		for (int i = 0; i < this.samples; i++) {
			browser.navigate().refresh();
			List<Number> times = rendered(browser);
			inPage[i] = times.get(0).doubleValue();
			build[i] = times.get(1).doubleValue();
			painted[i] = times.get(2).doubleValue();
			snapshot[i] = times.get(3).doubleValue();
		}
		Benchmarks.log("dashboard: the page open for " + OPEN_TIME.toSeconds() + " s");
		double watchers = watchers();
		Number requestsBefore = (Number) browser.executeScript("return performance.getEntriesByType('resource').length");
		pause(OPEN_TIME);
		Number requestsAfter = (Number) browser.executeScript("return performance.getEntriesByType('resource').length");
		String name = "10. dashboard, services page, " + Benchmarks.SERVICES + " services / "
				+ String.format(Locale.ROOT, "%,d", Benchmarks.INSTANCES) + " instances, headless Chromium, "
				+ this.samples + " loads";
		this.report.row(name, "navigation → all rows in the page, p50 / max (ms)", spread(inPage), "—", "—",
				"p50 < 1,000 ms: " + ((median(inPage) < 1000) ? "met" : "missed"));
		this.report.row(name, "navigation → the next frame painted, p50 / max (ms)", spread(painted), "—", "—",
				"p50 < 1,000 ms: " + ((median(painted) < 1000) ? "met" : "missed"));
		this.report.row(name, "of which: navigation → the watch stream's snapshot received, p50 / max (ms)",
				spread(snapshot), "—", "—", "—");
		this.report.row(name, "of which: building the table from the snapshot, p50 / max (ms)", spread(build), "—", "—",
				"—");
		this.report.row(name, "watch streams the open page holds / requests it made in " + OPEN_TIME.toSeconds() + " s",
				String.format(Locale.ROOT, "%.0f / %d", watchers, requestsAfter.longValue() - requestsBefore.longValue()),
				"—", "—", "1 / 0");
		this.report.raw("dashboard", Map.of("inPageMillis", inPage, "paintedMillis", painted, "buildMillis", build,
				"snapshotMillis", snapshot, "watchers", watchers, "requestsWhileOpen",
				requestsAfter.longValue() - requestsBefore.longValue()));
	}

	@SuppressWarnings("unchecked")
	private List<Number> rendered(ChromeDriver browser) {
		return new ArrayList<>((List<Number>) browser.executeAsyncScript(RENDERED, Benchmarks.SERVICES));
	}

	/** The registry's gauge of open watch streams: the page's, as nothing else watches here. */
	private double watchers() {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(this.registryUrl + "/actuator/metrics/beacon.registry.watchers"))
			.header("Authorization", "Bearer " + Benchmarks.TOKEN)
			.build();
		try {
			String body = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
			Matcher value = GAUGE.matcher(body);
			return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
		}
		catch (IOException ex) {
			return Double.NaN;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Double.NaN;
		}
	}

	private static String spread(double[] values) {
		return String.format(Locale.ROOT, "%.0f / %.0f", median(values), Arrays.stream(values).max().orElse(Double.NaN));
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static void pause(Duration time) {
		try {
			Thread.sleep(time.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

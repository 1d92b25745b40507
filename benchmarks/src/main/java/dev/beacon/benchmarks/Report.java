package dev.beacon.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results: Markdown tables for people ({@code results.md}) and the same figures, with the
 * raw numbers, for tools ({@code results.json}).
 */
final class Report {

	/** A registry figure: Beacon, Eureka, and Beacon ÷ Eureka. */
	record Row(String workload, String metric, String beacon, String eureka, String ratio, String target) {
	}

	/** A closed-loop gateway figure for one way of reaching the same backend. */
	record GatewayRow(String path, String perSecond, String p50, String p99, String max, String ofPlain,
			String ofNginx, String proxyCpu) {
	}

	/** An open-loop gateway figure: latency at a rate every side was given alike. */
	record GatewayAtRateRow(String path, String rate, String achieved, String p50, String p99, String max,
			String p99OfPlain, String p99OfNginx) {
	}

	/**
	 * One side of the gateway tuning comparison: req/s and gateway CPU per request, each also
	 * as a ratio to the stock side of the same pass.
	 */
	record TuningRow(String order, String side, String perSecond, String perSecondOfStock, String cpu,
			String cpuOfStock, String relativeCpuOfStock) {
	}

	/**
	 * A table of its own under a heading, for a mode whose figures fit none of the tables above:
	 * its columns, and rows of cells in their order.
	 */
	record Table(String heading, List<String> columns, List<List<String>> rows) {
	}

	private final Map<String, String> machine = new LinkedHashMap<>();

	private final Map<String, String> settings = new LinkedHashMap<>();

	private final List<Row> rows = new ArrayList<>();

	private final List<GatewayRow> gatewayRows = new ArrayList<>();

	private final List<GatewayAtRateRow> gatewayAtRateRows = new ArrayList<>();

	private final List<TuningRow> tuningRows = new ArrayList<>();

	private final Map<String, Table> tables = new LinkedHashMap<>();

	private final List<String> notDone = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final Map<String, Object> raw = new LinkedHashMap<>();

	void machine(String key, String value) {
		machine.put(key, value);
	}

	void setting(String key, String value) {
		settings.put(key, value);
	}

	void row(String workload, String metric, String beacon, String eureka, String ratio, String target) {
		rows.add(new Row(workload, metric, beacon, eureka, ratio, target));
	}

	void gateway(String path, String perSecond, String p50, String p99, String max, String ofPlain,
			String ofNginx, String proxyCpu) {
		gatewayRows.add(new GatewayRow(path, perSecond, p50, p99, max, ofPlain, ofNginx, proxyCpu));
	}

	void gatewayAtRate(String path, String rate, String achieved, String p50, String p99, String max,
			String p99OfPlain, String p99OfNginx) {
		gatewayAtRateRows.add(new GatewayAtRateRow(path, rate, achieved, p50, p99, max, p99OfPlain, p99OfNginx));
	}

	void tuning(String order, String side, String perSecond, String perSecondOfStock, String cpu, String cpuOfStock,
			String relativeCpuOfStock) {
		tuningRows.add(new TuningRow(order, side, perSecond, perSecondOfStock, cpu, cpuOfStock, relativeCpuOfStock));
	}

	/** Starts a table under {@code heading} with these columns; it comes after the tables above. */
	void table(String heading, String... columns) {
		tables.put(heading, new Table(heading, List.of(columns), new ArrayList<>()));
	}

	/** A row of the table under {@code heading}, its cells in the order of the columns. */
	void tableRow(String heading, String... cells) {
		Table table = tables.get(heading);
		if (table == null || cells.length != table.columns().size()) {
			throw new IllegalArgumentException("No table \"" + heading + "\" of " + cells.length + " columns");
		}
		table.rows().add(List.of(cells));
	}

	void notDone(String what) {
		notDone.add(what);
	}

	void note(String what) {
		notes.add(what);
	}

	/**
	 * A note of how each side of a comparison warmed up: the req/s of its warm-up slices, and
	 * whether it was still warming when the cap ended it.
	 */
	void warmups(String comparison, List<String> sides, LoadGenerator.Result[] results, Duration cap) {
		StringBuilder text = new StringBuilder("Warm-up, ").append(comparison).append(" (req/s of each ")
			.append(LoadGenerator.WARMUP_SLICE.toSeconds()).append(" s slice until steady): ");
		for (int i = 0; i < sides.size(); i++) {
			List<Double> rates = results[i].warmupRates();
			text.append((i > 0) ? "; " : "").append(sides.get(i)).append(' ')
				.append(rates.stream().map(Report::num).collect(Collectors.joining(" → ")));
			if (LoadGenerator.WARMUP_SLICE.multipliedBy(rates.size()).compareTo(cap) >= 0) {
				text.append(" (still warming at the cap of ").append(cap.toSeconds()).append(" s)");
			}
		}
		note(text.toString());
	}

	void raw(String key, Object value) {
		raw.put(key, value);
	}

	static String num(double value) {
		if (value < 0 || Double.isNaN(value)) {
			return "n/a";
		}
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (value >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	static String ms(double micros) {
		return num(micros / 1000.0) + " ms";
	}

	static String ratio(double beacon, double peer) {
		return (beacon > 0 && peer > 0) ? String.format(Locale.ROOT, "%.2f×", beacon / peer) : "n/a";
	}

	void write(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("results.md"), markdown());
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("machine", machine);
			json.put("settings", settings);
			json.put("registry", rows);
			json.put("gateway", gatewayRows);
			json.put("gatewayAtRate", gatewayAtRateRows);
			json.put("gatewayTuning", tuningRows);
			json.put("tables", tables.values());
			json.put("notDone", notDone);
			json.put("notes", notes);
			json.put("raw", raw);
			JsonMapper mapper = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
			Files.writeString(directory.resolve("results.json"), mapper.writeValueAsString(json));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String markdown() {
		StringBuilder md = new StringBuilder("# Beacon benchmarks\n\n");
		machine.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
		settings.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
		if (!rows.isEmpty()) {
			md.append("\n## Registry: Beacon against Eureka (ratio = Beacon ÷ Eureka)\n\n");
			md.append("| workload | metric | Beacon | Eureka | ratio | target |\n|---|---|---|---|---|---|\n");
			rows.forEach((row) -> md.append("| ").append(String.join(" | ", row.workload(), row.metric(), row.beacon(),
					row.eureka(), row.ratio(), row.target())).append(" |\n"));
		}
		if (!tuningRows.isEmpty()) {
			md.append("\n## Gateway tuning: each part alone against stock Spring Cloud Gateway, closed loop\n\n");
			md.append("| pass | side | req/s | req/s ÷ stock | gateway CPU per request | ÷ stock "
					+ "| (÷ backend's) ÷ stock |\n|---|---|---|---|---|---|---|\n");
			tuningRows.forEach((row) -> md.append("| ").append(String.join(" | ", row.order(), row.side(),
					row.perSecond(), row.perSecondOfStock(), row.cpu(), row.cpuOfStock(), row.relativeCpuOfStock()))
				.append(" |\n"));
		}
		if (!gatewayRows.isEmpty()) {
			md.append("\n## Gateway: GET greeting /hello (small JSON), closed loop\n\n");
			md.append("| path | req/s | p50 | p99 | max | req/s vs plain SCG | req/s vs nginx "
					+ "| gateway CPU per request (÷ the backend's) |\n|---|---|---|---|---|---|---|---|\n");
			gatewayRows.forEach((row) -> md.append("| ").append(String.join(" | ", row.path(), row.perSecond(),
					row.p50(), row.p99(), row.max(), row.ofPlain(), row.ofNginx(), row.proxyCpu())).append(" |\n"));
		}
		if (!gatewayAtRateRows.isEmpty()) {
			md.append("\n## Gateway: the same at one constant rate (open loop, latency from each request's due time)\n\n");
			md.append("| path | rate asked, req/s | rate done | p50 | p99 | max | p99 vs plain SCG | p99 vs nginx |\n"
					+ "|---|---|---|---|---|---|---|---|\n");
			gatewayAtRateRows.forEach((row) -> md.append("| ").append(String.join(" | ", row.path(), row.rate(),
					row.achieved(), row.p50(), row.p99(), row.max(), row.p99OfPlain(), row.p99OfNginx())).append(" |\n"));
		}
		tables.values().forEach((table) -> {
			md.append("\n## ").append(table.heading()).append("\n\n| ").append(String.join(" | ", table.columns()))
				.append(" |\n|").append("---|".repeat(table.columns().size())).append('\n');
			table.rows().forEach((row) -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
		});
		if (!notes.isEmpty()) {
			md.append("\n## Notes\n\n");
			notes.forEach((note) -> md.append("- ").append(note).append('\n'));
		}
		md.append("\n## Not measured in this run\n\n");
		notDone.forEach((what) -> md.append("- ").append(what).append('\n'));
		return md.toString();
	}

}

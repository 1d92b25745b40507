package dev.beacon.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts the figures of two runs of the benchmark side by side, each of the second as a ratio to
 * the first: a change against the code before it (see {@code benchmarks/compare.sh}). Each
 * registry figure also comes as a ratio to Eureka's of the same run, and that ratio's change,
 * which cancels most of what the machine did differently between the two runs.
 */
public final class BaselineComparison {

	private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9,]*(\\.[0-9]+)?");

	private BaselineComparison() {
	}

	/**
	 * Writes the comparison as Markdown to standard output.
	 * @param args the baseline's {@code results.json}, then the current one's
	 * @throws IOException when a file cannot be read
	 */
	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			throw new IllegalArgumentException("usage: BaselineComparison BASELINE_RESULTS_JSON CURRENT_RESULTS_JSON");
		}
		JsonMapper json = JsonMapper.builder().build();
		JsonNode baseline = json.readTree(Files.readString(Path.of(args[0])));
		JsonNode current = json.readTree(Files.readString(Path.of(args[1])));
		System.out.print(compare(baseline, current));
	}

	static String compare(JsonNode baseline, JsonNode current) {
		StringBuilder md = new StringBuilder("# Current against baseline (ratio = current ÷ baseline)\n\n");
		md.append("## Registry\n\n| workload | metric | baseline | current | ratio | ÷ Eureka, baseline | ÷ Eureka, current "
				+ "| its change |\n|---|---|---|---|---|---|---|---|\n");
		for (JsonNode row : current.path("registry")) {
			JsonNode before = find(baseline.path("registry"), row, "workload", "metric");
			if (before == null) {
				continue;
			}
			double was = number(before.path("beacon").asString());
			double is = number(row.path("beacon").asString());
			double wasOfPeer = was / number(before.path("eureka").asString());
			double isOfPeer = is / number(row.path("eureka").asString());
			md.append(cells(row.path("workload").asString(), row.path("metric").asString(),
					before.path("beacon").asString(), row.path("beacon").asString(), ratio(is, was), plain(wasOfPeer),
					plain(isOfPeer), ratio(isOfPeer, wasOfPeer)));
		}
		md.append("\n## Gateway, closed loop\n\n| path | req/s baseline | req/s current | ratio | p99 ratio "
				+ "| CPU per request ratio |\n|---|---|---|---|---|---|\n");
		for (JsonNode row : current.path("gateway")) {
			JsonNode before = find(baseline.path("gateway"), row, "path");
			if (before != null) {
				md.append(cells(row.path("path").asString(), before.path("perSecond").asString(),
						row.path("perSecond").asString(), ratio(row, before, "perSecond"), ratio(row, before, "p99"),
						ratio(row, before, "proxyCpu")));
			}
		}
		return md.toString();
	}

	private static JsonNode find(JsonNode rows, JsonNode like, String... keys) {
		for (JsonNode row : rows) {
			boolean same = true;
			for (String key : keys) {
				same &= row.path(key).asString().equals(like.path(key).asString());
			}
			if (same) {
				return row;
			}
		}
		return null;
	}

	private static String ratio(JsonNode row, JsonNode before, String field) {
		return ratio(number(row.path(field).asString()), number(before.path(field).asString()));
	}

	private static String ratio(double current, double baseline) {
		return (current > 0 && baseline > 0 && Double.isFinite(current) && Double.isFinite(baseline))
				? String.format(Locale.ROOT, "%.2f×", current / baseline) : "n/a";
	}

	private static String plain(double value) {
		return (value > 0 && Double.isFinite(value)) ? String.format(Locale.ROOT, "%.2f", value) : "n/a";
	}

	/** The first number of a figure such as {@code 18,472} or {@code 7.28 ms}; NaN when none. */
	static double number(String figure) {
		Matcher matcher = NUMBER.matcher(figure);
		return matcher.find() ? Double.parseDouble(matcher.group().replace(",", "")) : Double.NaN;
	}

	private static String cells(String... values) {
		return "| " + String.join(" | ", values) + " |\n";
	}

}

package dev.beacon.benchmarks;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * A propagation figure in the report: p50, p99 and max of the samples, against a p99 target.
 */
record PropagationRows(Report report) {

	void row(String workload, Histogram histogram, String eureka, long targetMicros) {
		double p99 = histogram.getValueAtPercentile(99);
		report.row(workload, "p50 / p99 / max",
				Report.ms(histogram.getValueAtPercentile(50)) + " / " + Report.ms(p99) + " / "
						+ Report.ms(histogram.getMaxValue()),
				eureka, "—", "p99 < " + targetMicros / 1000 + " ms: " + (p99 < targetMicros ? "met" : "missed"));
		report.raw(workload, Map.of("p50Micros", histogram.getValueAtPercentile(50), "p99Micros", p99, "maxMicros",
				histogram.getMaxValue(), "samples", histogram.getTotalCount()));
	}

}

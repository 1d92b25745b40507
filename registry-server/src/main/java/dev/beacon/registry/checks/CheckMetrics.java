package dev.beacon.registry.checks;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What this server's health checks do, under {@code beacon.registry.checks.*}.
 */
final class CheckMetrics {

	private final Counter passed;

	private final Counter failed;

	private final Timer lateness;

	CheckMetrics(MeterRegistry registry) {
		this.passed = run(registry, "passed");
		this.failed = run(registry, "failed");
		this.lateness = Timer.builder("beacon.registry.checks.lateness")
			.description("How long after its turn this server claimed a health check")
			.publishPercentiles(0.99)
			.register(registry);
	}

	private static Counter run(MeterRegistry registry, String result) {
		return Counter.builder("beacon.registry.checks.runs")
			.tag("result", result)
			.description("Health checks this server ran, by result")
			.register(registry);
	}

	void claimed(Duration late) {
		this.lateness.record(late);
	}

	void ran(boolean didPass) {
		(didPass ? this.passed : this.failed).increment();
	}

}

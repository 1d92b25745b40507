/**
 * A stock Spring Cloud Gateway application, the benchmark's yardstick for Beacon's gateway.
 */
@NullMarked
package dev.beacon.benchmarks.plaingateway;

import org.jspecify.annotations.NullMarked;

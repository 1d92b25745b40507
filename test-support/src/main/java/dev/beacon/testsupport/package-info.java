/**
 * A real Redis server (never a mock) and process helpers for Beacon's tests and demo.
 * <p>
 * {@link dev.beacon.testsupport.RedisServers#shared()} finds or starts one Redis per JVM:
 * {@code REDIS_URL}, else a Docker container when the engine has or can pull its images, else a
 * {@code redis-server} process started from
 * the binary on the {@code PATH} or from the one embedded-redis ships.
 */
@NullMarked
package dev.beacon.testsupport;

import org.jspecify.annotations.NullMarked;

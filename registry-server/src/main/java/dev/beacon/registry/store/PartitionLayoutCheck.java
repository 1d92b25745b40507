package dev.beacon.registry.store;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Refuses to start a registry server whose number of partitions differs from the one the
 * registry in Redis was written with: two servers that place a service in different partitions
 * would each see half of the registry. The first server records its layout; a server that
 * cannot reach Redis at start checks nothing and starts, since Redis is allowed to be away.
 */
final class PartitionLayoutCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(PartitionLayoutCheck.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ReactiveStringRedisTemplate redis;

	private final RedisKeys keys;

	PartitionLayoutCheck(ReactiveStringRedisTemplate redis, RedisKeys keys) {
		this.redis = redis;
		this.keys = keys;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String layout = "partitions=" + this.keys.partitions();
		String recorded;
		try {
			recorded = this.redis.opsForValue()
				.setIfAbsent(this.keys.layout(), layout)
				.then(this.redis.opsForValue().get(this.keys.layout()))
				.block(TIMEOUT);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not check the registry's partition layout in Redis (" + ex.getMessage()
					+ "); starting without the check");
			return;
		}
		if (recorded != null && !recorded.equals(layout)) {
			throw new IllegalStateException("beacon.registry.redis.partitions is " + this.keys.partitions()
					+ ", but the registry in Redis under the prefix '" + this.keys.prefix() + "' was written with "
					+ recorded.substring(recorded.indexOf('=') + 1) + " (key " + this.keys.layout()
					+ "): every registry server on one Redis must use the same number of partitions");
		}
	}

}

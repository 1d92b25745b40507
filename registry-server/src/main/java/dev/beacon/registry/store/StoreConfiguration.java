package dev.beacon.registry.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.beacon.client.WireCodec;
import dev.beacon.registry.RegistryProperties;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	private static final Duration DEFAULT_TOPOLOGY_REFRESH = Duration.ofSeconds(30);

	/** Partitions on Redis Cluster unless configured: room for up to 8 primaries. */
	private static final int CLUSTER_PARTITIONS = 8;

	@Bean
	WireCodec wireCodec() {
		return new WireCodec();
	}

	/**
	 * Lettuce's reconnect waits grow to 30 s: after a failover that took longer than a few
	 * seconds, the registry would stay away from a Redis that is back for up to that long.
	 */
	@Bean
	ClientResourcesBuilderCustomizer redisReconnectDelay(RegistryProperties properties) {
		Duration max = properties.redis().reconnectMax();
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(10), max, 2, TimeUnit.MILLISECONDS));
	}

	/**
	 * On Redis Cluster, Lettuce learns of a failover only from a topology refresh, which it
	 * makes no more than once per 30 s by default and only when told to: until then every
	 * command for the failed primary's slots waits on a connection that cannot come back. Every
	 * adaptive trigger (reconnects that keep failing, redirections) refreshes it, at most once
	 * per reconnect-max, and a periodic refresh catches what no command noticed.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer redisClusterTopologyRefresh(RegistryProperties properties,
			DataRedisProperties redisProperties) {
		Duration period = redisProperties.getLettuce().getCluster().getRefresh().getPeriod();
		boolean dynamicSources = redisProperties.getLettuce().getCluster().getRefresh().isDynamicRefreshSources();
		return (options) -> {
			if (options instanceof ClusterClientOptions.Builder cluster) {
				cluster.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.adaptiveRefreshTriggersTimeout(properties.redis().reconnectMax())
					.enablePeriodicRefresh((period != null) ? period : DEFAULT_TOPOLOGY_REFRESH)
					.dynamicRefreshSources(dynamicSources)
					.build());
			}
		};
	}

	/**
	 * Partitions spread the registry over a cluster's primaries; on one Redis they only make
	 * heartbeat batches smaller and more numerous.
	 */
	@Bean
	RedisKeys redisKeys(RegistryProperties properties, ReactiveRedisConnectionFactory connectionFactory) {
		int partitions = properties.redis().partitions();
		if (partitions == 0) {
			boolean cluster = connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
			partitions = cluster ? CLUSTER_PARTITIONS : 1;
		}
		return new RedisKeys(properties.keyPrefix(), partitions);
	}

	@Bean
	DeliveryPositions deliveryPositions(ReactiveStringRedisTemplate redis, RedisKeys keys) {
		return new DeliveryPositions(redis, keys);
	}

	@Bean
	PartitionLayoutCheck partitionLayoutCheck(ReactiveStringRedisTemplate redis, RedisKeys keys) {
		return new PartitionLayoutCheck(redis, keys);
	}

	@Bean
	RedisInstanceStore instanceStore(ReactiveStringRedisTemplate redis, RedisKeys keys,
			RegistryProperties properties, WireCodec wireCodec) {
		// the length is the whole log's: each partition's stream keeps its share
		long perPartition = (properties.changeLog().maxLength() + keys.partitions() - 1) / keys.partitions();
		return new RedisInstanceStore(redis, keys, perPartition, wireCodec);
	}

	@Bean
	RedisChangeLog changeLog(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connectionFactory,
			RedisKeys keys, WireCodec wireCodec) {
		return new RedisChangeLog(redis, connectionFactory, keys, wireCodec);
	}

}

package dev.beacon.registry.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.resource.Delay;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.beacon.client.WireCodec;
import dev.beacon.registry.RegistryProperties;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

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

	@Bean
	RedisKeys redisKeys(RegistryProperties properties) {
		return new RedisKeys(properties.keyPrefix());
	}

	@Bean
	RedisInstanceStore instanceStore(ReactiveStringRedisTemplate redis, RedisKeys keys,
			RegistryProperties properties, WireCodec wireCodec) {
		return new RedisInstanceStore(redis, keys, properties.changeLog().maxLength(), wireCodec);
	}

	@Bean
	RedisChangeLog changeLog(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connectionFactory,
			RedisKeys keys, WireCodec wireCodec) {
		return new RedisChangeLog(redis, connectionFactory, keys, wireCodec);
	}

}

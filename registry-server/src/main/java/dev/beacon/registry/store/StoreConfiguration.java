package dev.beacon.registry.store;

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

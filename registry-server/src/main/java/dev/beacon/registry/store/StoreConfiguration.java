package dev.beacon.registry.store;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.beacon.registry.RegistryProperties;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	@Bean
	RedisKeys redisKeys(RegistryProperties properties) {
		return new RedisKeys(properties.keyPrefix());
	}

	@Bean
	RedisInstanceStore instanceStore(ReactiveStringRedisTemplate redis, RedisKeys keys, RegistryProperties properties,
			JsonMapper jsonMapper) {
		return new RedisInstanceStore(redis, keys, properties.changeLog().maxLength(), jsonMapper);
	}

	@Bean
	RedisChangeLog changeLog(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connectionFactory,
			RedisKeys keys, JsonMapper jsonMapper) {
		return new RedisChangeLog(redis, connectionFactory, keys, jsonMapper);
	}

}

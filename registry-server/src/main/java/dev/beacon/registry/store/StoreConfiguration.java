package dev.beacon.registry.store;

import org.jspecify.annotations.Nullable;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.store.InstanceStore.ServiceDocument;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	/** What a document costs beyond its JSON: key, record, array header, cache entry. */
	private static final int DOCUMENT_OVERHEAD = 160;

	@Bean
	RedisKeys redisKeys(RegistryProperties properties) {
		return new RedisKeys(properties.keyPrefix());
	}

	@Bean
	CachingInstanceStore instanceStore(ReactiveStringRedisTemplate redis, RedisKeys keys,
			RegistryProperties properties, JsonMapper jsonMapper) {
		return new CachingInstanceStore(
				new RedisInstanceStore(redis, keys, properties.changeLog().maxLength(), jsonMapper),
				serviceDocuments(properties.readCache()));
	}

	private static @Nullable Cache<String, ServiceDocument> serviceDocuments(RegistryProperties.ReadCache settings) {
		if (settings.maxSize().toBytes() == 0) {
			return null;
		}
		return Caffeine.newBuilder()
			.maximumWeight(settings.maxSize().toBytes())
			.<String, ServiceDocument>weigher((service, document) -> document.json().length + DOCUMENT_OVERHEAD)
			.expireAfterWrite(settings.timeToLive())
			.recordStats()
			.build();
	}

	@Bean
	MeterBinder readCacheMetrics(CachingInstanceStore store) {
		return (registry) -> store.cache()
			.ifPresent((documents) -> CaffeineCacheMetrics.monitor(registry, documents, "service-documents"));
	}

	@Bean
	RedisChangeLog changeLog(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connectionFactory,
			RedisKeys keys, JsonMapper jsonMapper) {
		return new RedisChangeLog(redis, connectionFactory, keys, jsonMapper);
	}

}

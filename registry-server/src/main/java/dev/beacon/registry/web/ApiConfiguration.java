package dev.beacon.registry.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import dev.beacon.client.WireCodec;
import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.SessionCredentials;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.web.ServiceDocuments.ServiceDocument;

/**
 * The API's pieces shared by the WebFlux chain and the handlers of the two hot calls,
 * heartbeat and plain service read, which go ahead of the chain; the gate goes ahead of all.
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

	/** What a document costs beyond its JSON: key, record, array header, cache entry. */
	private static final int DOCUMENT_OVERHEAD = 160;

	/**
	 * How many times its JSON a document weighs: the JSON once, and the instances it was
	 * written from, whose strings, records and maps take about twice as much again.
	 */
	private static final int DOCUMENT_JSON_FACTOR = 3;

	@Bean
	ServiceDocuments serviceDocuments(InstanceStore store, WireCodec codec, RegistryProperties properties) {
		return new ServiceDocuments(store, codec, documentCache(properties.readCache()));
	}

	private static @Nullable Cache<String, ServiceDocument> documentCache(RegistryProperties.ReadCache settings) {
		if (settings.maxSize().toBytes() == 0) {
			return null;
		}
		return Caffeine.newBuilder()
			.maximumWeight(settings.maxSize().toBytes())
			.<String, ServiceDocument>weigher(
					(service, document) -> document.json().length * DOCUMENT_JSON_FACTOR + DOCUMENT_OVERHEAD)
			.expireAfterWrite(settings.timeToLive())
			.recordStats()
			.build();
	}

	@Bean
	MeterBinder readCacheMetrics(ServiceDocuments documents) {
		return (registry) -> documents.cache()
			.ifPresent((cache) -> CaffeineCacheMetrics.monitor(registry, cache, "service-documents"));
	}

	@Bean
	ApiProblems apiProblems(JsonMapper jsonMapper) {
		return new ApiProblems(jsonMapper);
	}

	@Bean
	Heartbeats heartbeats(InstanceStore store, RegistryMetrics metrics, ServiceDocuments documents) {
		return new Heartbeats(store, metrics, documents);
	}

	@Bean
	OpenStreams openStreams(RegistryProperties properties, MeterRegistry meters) {
		return new OpenStreams(properties.watch().maxOpen(), properties.watch().maxOpenPerToken(), meters);
	}

	@Bean
	RequestAuthorization requestAuthorization(ApiAccess access, ObjectProvider<SessionCredentials> sessions) {
		return new RequestAuthorization(access, sessions.getIfAvailable());
	}

	@Bean
	WebFilter bearerTokenFilter(RequestAuthorization authorization, ApiProblems problems) {
		return new BearerTokenFilter(authorization, problems);
	}

	@Bean
	RequestGate requestGate(ApiProblems problems) {
		return new RequestGate(problems);
	}

	@Bean
	WebHttpHandlerBuilderCustomizer hotPathHttpHandlers(Heartbeats heartbeats, ServiceDocuments documents,
			RequestAuthorization authorization, ApiProblems problems, JsonMapper jsonMapper, RequestGate gate) {
		return (builder) -> builder.httpHandlerDecorator((chain) -> gate.guard(new ServiceReadHttpHandler(
				new HeartbeatHttpHandler(chain, heartbeats, authorization, problems, jsonMapper), documents,
				authorization, problems)));
	}

}

package dev.beacon.registry.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.store.InstanceStore;

@Configuration(proxyBeanMethods = false)
class HeartbeatHandlerConfiguration {

	@Bean
	WebHttpHandlerBuilderCustomizer heartbeatHttpHandler(InstanceStore store, ApiAccess access,
			RegistryMetrics metrics, JsonMapper jsonMapper) {
		return (builder) -> builder
			.httpHandlerDecorator((chain) -> new HeartbeatHttpHandler(chain, store, access, metrics, jsonMapper));
	}

}

package dev.beacon.registry.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.store.InstanceStore;

/**
 * Puts the handlers of the two hot calls, heartbeat and plain service read, ahead of the
 * WebFlux chain.
 */
@Configuration(proxyBeanMethods = false)
class HotPathConfiguration {

	@Bean
	WebHttpHandlerBuilderCustomizer hotPathHttpHandlers(InstanceStore store, ApiAccess access,
			RegistryMetrics metrics, JsonMapper jsonMapper) {
		return (builder) -> builder.httpHandlerDecorator((chain) -> new ServiceReadHttpHandler(
				new HeartbeatHttpHandler(chain, store, access, metrics, jsonMapper), store, access));
	}

}

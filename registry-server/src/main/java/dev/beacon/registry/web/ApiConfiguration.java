package dev.beacon.registry.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.store.InstanceStore;

/**
 * The API's pieces shared by the WebFlux chain and the handlers of the two hot calls,
 * heartbeat and plain service read, which go ahead of the chain; the gate goes ahead of all.
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

	@Bean
	ApiProblems apiProblems(JsonMapper jsonMapper) {
		return new ApiProblems(jsonMapper);
	}

	@Bean
	Heartbeats heartbeats(InstanceStore store, RegistryMetrics metrics) {
		return new Heartbeats(store, metrics);
	}

	@Bean
	WebFilter bearerTokenFilter(ApiAccess access, ApiProblems problems) {
		return new BearerTokenFilter(access, problems);
	}

	@Bean
	RequestGate requestGate(ApiProblems problems) {
		return new RequestGate(problems);
	}

	@Bean
	WebHttpHandlerBuilderCustomizer hotPathHttpHandlers(Heartbeats heartbeats, InstanceStore store,
			ApiAccess access, ApiProblems problems, JsonMapper jsonMapper, RequestGate gate) {
		return (builder) -> builder.httpHandlerDecorator((chain) -> gate.guard(new ServiceReadHttpHandler(
				new HeartbeatHttpHandler(chain, heartbeats, access, problems, jsonMapper), store, access, problems)));
	}

}

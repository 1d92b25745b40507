package dev.beacon.gateway;

import java.time.Clock;

import io.netty.channel.ChannelOption;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.gateway.failover.EjectedInstances;
import dev.beacon.gateway.failover.EjectingInstanceListDecorator;
import dev.beacon.gateway.failover.InstanceFailoverFilter;
import dev.beacon.gateway.problems.GatewayProblemHandler;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

	@Bean
	EjectedInstances ejectedInstances(BeaconGatewayProperties properties, ObjectProvider<Clock> clock) {
		return new EjectedInstances(clock.getIfUnique(Clock::systemUTC), properties.ejection());
	}

	@Bean
	EjectingInstanceListDecorator ejectingInstanceListDecorator(EjectedInstances ejected) {
		return new EjectingInstanceListDecorator(ejected);
	}

	@Bean
	InstanceFailoverFilter instanceFailoverFilter(EjectedInstances ejected, BeaconGatewayProperties properties) {
		return new InstanceFailoverFilter(ejected, properties.retries());
	}

	/**
	 * The connect timeout, tuned or not: a refused or slow connection fails over after it. Set
	 * once on the client that proxies every request, through Spring Cloud Gateway's own
	 * extension point, which its stock client factory applies as well. Set through
	 * {@code spring.cloud.gateway.server.webflux.httpclient.connect-timeout} instead, it would
	 * make the routing filter copy that client's configuration at each request.
	 */
	@Bean
	HttpClientCustomizer connectTimeout(BeaconGatewayProperties properties) {
		int millis = (int) properties.connectTimeout().toMillis();
		return (client) -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis);
	}

	@Bean
	GatewayProblemHandler gatewayProblemHandler(JsonMapper jsonMapper) {
		return new GatewayProblemHandler(jsonMapper);
	}

}

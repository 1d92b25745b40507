package dev.beacon.gateway;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
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

	@Bean
	GatewayProblemHandler gatewayProblemHandler(JsonMapper jsonMapper) {
		return new GatewayProblemHandler(jsonMapper);
	}

}

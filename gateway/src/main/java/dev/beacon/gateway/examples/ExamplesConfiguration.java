package dev.beacon.gateway.examples;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The key the {@code examples} profile's Redis rate limiter counts requests by: the client's
 * address.
 */
@Configuration(proxyBeanMethods = false)
@Profile("examples")
class ExamplesConfiguration {

	@Bean
	KeyResolver clientAddressKeyResolver() {
		return (exchange) -> Mono.justOrEmpty(exchange.getRequest().getRemoteAddress())
			.map((address) -> address.getAddress().getHostAddress());
	}

}

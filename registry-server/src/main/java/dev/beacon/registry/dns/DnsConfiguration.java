package dev.beacon.registry.dns;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.web.ServiceReads;

/**
 * The DNS interface, when {@code beacon.registry.dns.enabled} is set: off by default, since
 * DNS carries no token and whoever reaches its port reads the catalog.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("beacon.registry.dns.enabled")
class DnsConfiguration {

	@Bean
	DnsAnswers dnsAnswers(ServiceReads reads, RegistryProperties properties) {
		RegistryProperties.Dns dns = properties.dns();
		return new DnsAnswers(reads, new DnsNames(dns.domain()), dns.ttl().toSeconds());
	}

	@Bean
	DnsServer dnsServer(DnsAnswers answers, RegistryProperties properties, ReactorResourceFactory resources,
			ServerProperties server) {
		return new DnsServer(resources, server.getAddress(), properties.dns().port(), new DnsQueryHandler(answers));
	}

}

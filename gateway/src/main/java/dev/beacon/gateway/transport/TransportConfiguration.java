package dev.beacon.gateway.transport;

import java.util.List;

import io.netty.channel.ChannelOption;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.gateway.BeaconGatewayProperties;

@Configuration(proxyBeanMethods = false)
class TransportConfiguration {

	/** Spring Cloud Gateway's own factory backs off: its client is built here, with its settings. */
	@Bean
	HttpClientFactory beaconHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers) {
		return new EventLoopLocalHttpClientFactory(properties, serverProperties, sslConfigurer, customizers);
	}

	/**
	 * The connect timeout, set once on the client that proxies every request. Set through
	 * {@code spring.cloud.gateway.server.webflux.httpclient.connect-timeout} instead, it makes
	 * the routing filter copy that client's configuration at each request.
	 */
	@Bean
	HttpClientCustomizer connectTimeout(BeaconGatewayProperties properties) {
		int millis = (int) properties.connectTimeout().toMillis();
		return (client) -> client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis);
	}

}

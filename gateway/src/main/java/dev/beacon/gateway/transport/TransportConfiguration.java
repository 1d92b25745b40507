package dev.beacon.gateway.transport;

import java.util.List;

import io.netty.channel.ChannelOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.autoconfigure.ReactorNettyProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import dev.beacon.gateway.BeaconGatewayProperties;

@Configuration(proxyBeanMethods = false)
class TransportConfiguration {

	private static final Log logger = LogFactory.getLog(TransportConfiguration.class);

	@Bean(destroyMethod = "dispose")
	GatewayEventLoops gatewayEventLoops(BeaconGatewayProperties properties) {
		GatewayEventLoops loops = GatewayEventLoops.create(properties.eventLoops(), properties.ioUring());
		logger.info("Gateway event loops: " + loops.threads() + " on " + loops.transport());
		return loops;
	}

	/**
	 * The server runs on the gateway's loops; Spring Boot's factory backs off. Not Reactor
	 * Netty's global resources: they would keep their own loops for the proxy client.
	 */
	@Bean
	ReactorResourceFactory gatewayResourceFactory(GatewayEventLoops loops,
			ObjectProvider<ReactorNettyProperties> reactorNetty) {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		factory.setLoopResources(loops.resources());
		reactorNetty.ifAvailable((properties) -> {
			if (properties.getShutdownQuietPeriod() != null) {
				factory.setShutdownQuietPeriod(properties.getShutdownQuietPeriod());
			}
		});
		return factory;
	}

	/** The proxy client runs on the server's loops, so that a request can stay on its loop. */
	@Bean
	HttpClientCustomizer proxyClientEventLoops(GatewayEventLoops loops) {
		return (client) -> client.runOn(loops.resources());
	}

	/** Spring Cloud Gateway's own factory backs off: its client is built here, with its settings. */
	@Bean
	HttpClientFactory beaconHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers) {
		return new EventLoopLocalHttpClientFactory(properties, serverProperties, sslConfigurer, customizers);
	}

	@Bean
	SmallAnswerBufferingFilter smallAnswerBufferingFilter(BeaconGatewayProperties properties) {
		return new SmallAnswerBufferingFilter((int) properties.bufferedResponseLimit().toBytes());
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

package dev.beacon.gateway.transport;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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

/**
 * The transport parts the gateway puts in place of Reactor Netty's and Spring Cloud Gateway's,
 * each under {@code beacon.gateway.tuning.enabled} and a switch of its own (on each part, since
 * component scanning finds the nested configurations on their own); with either off, the stock
 * part, which backs off only when one of these beans exists, runs.
 */
@Configuration(proxyBeanMethods = false)
class TransportConfiguration {

	/**
	 * The server and the proxy client on the gateway's own event loops, in place of Reactor
	 * Netty's global resources, which Spring Boot's resource factory would otherwise hand to both.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "beacon.gateway.tuning.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "beacon.gateway.tuning.event-loops", matchIfMissing = true)
	static class EventLoops {

		private static final Log logger = LogFactory.getLog(TransportConfiguration.class);

		@Bean(destroyMethod = "dispose")
		GatewayEventLoops gatewayEventLoops(BeaconGatewayProperties properties) {
			GatewayEventLoops loops = GatewayEventLoops.create(properties.eventLoops());
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

	}

	/**
	 * The proxy client with a connection pool per event loop, in place of Spring Cloud Gateway's
	 * own client factory and its one pool.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "beacon.gateway.tuning.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "beacon.gateway.tuning.connection-pools", matchIfMissing = true)
	static class ConnectionPools {

		/** Spring Cloud Gateway's own factory backs off: its client is built here, with its settings. */
		@Bean
		HttpClientFactory beaconHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
				HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers) {
			return new EventLoopLocalHttpClientFactory(properties, serverProperties, sslConfigurer, customizers);
		}

	}

	/** Small answers sent to the client in one write, where Reactor Netty streams every answer. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "beacon.gateway.tuning.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = "beacon.gateway.tuning.response-buffering", matchIfMissing = true)
	static class ResponseBuffering {

		@Bean
		SmallAnswerBufferingFilter smallAnswerBufferingFilter(BeaconGatewayProperties properties) {
			return new SmallAnswerBufferingFilter((int) properties.bufferedResponseLimit().toBytes());
		}

	}

}

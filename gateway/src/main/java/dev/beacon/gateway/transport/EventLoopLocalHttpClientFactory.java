package dev.beacon.gateway.transport;

import java.util.List;

import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties.Pool.PoolType;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;

/**
 * Spring Cloud Gateway's proxy client, with its elastic pool (the default) split into one pool
 * per event loop, in place of Spring Cloud Gateway's own factory, whose one pool hands a
 * connection to whichever loop asks (see {@link EventLoopLocalConnectionProvider}). A fixed pool
 * stays one pool, since its maximum bounds the connections of the whole gateway; without a pool
 * there is nothing to split.
 */
final class EventLoopLocalHttpClientFactory extends HttpClientFactory {

	EventLoopLocalHttpClientFactory(HttpClientProperties properties, ServerProperties serverProperties,
			HttpClientSslConfigurer sslConfigurer, List<HttpClientCustomizer> customizers) {
		super(properties, serverProperties, sslConfigurer, customizers);
	}

	@Override
	protected ConnectionProvider buildConnectionProvider(HttpClientProperties properties) {
		ConnectionProvider pool = super.buildConnectionProvider(properties);
		return (properties.getPool().getType() == PoolType.ELASTIC) ? new EventLoopLocalConnectionProvider(pool)
				: pool;
	}

}

package dev.beacon.gateway.transport;

import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientProperties.Pool.PoolType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud Gateway's pool settings decide: the elastic pool is split per event loop, a
 * fixed pool keeps its one maximum for the whole gateway.
 */
class EventLoopLocalHttpClientFactoryTests {

	private final HttpClientProperties properties = new HttpClientProperties();

	private final EventLoopLocalHttpClientFactory factory = new EventLoopLocalHttpClientFactory(this.properties,
			new ServerProperties(), null, List.of());

	@Test
	void elasticPoolIsSplitPerEventLoop() {
		ConnectionProvider provider = this.factory.buildConnectionProvider(this.properties);

		assertThat(provider).isInstanceOf(EventLoopLocalConnectionProvider.class);
		assertThat(provider.name()).isEqualTo("proxy");
		assertThat(provider.maxConnections()).isEqualTo(Integer.MAX_VALUE);
		provider.dispose();
	}

	@Test
	void fixedPoolStaysOnePool() {
		this.properties.getPool().setType(PoolType.FIXED);
		this.properties.getPool().setMaxConnections(50);

		ConnectionProvider provider = this.factory.buildConnectionProvider(this.properties);

		assertThat(provider).isNotInstanceOf(EventLoopLocalConnectionProvider.class);
		assertThat(provider.maxConnections()).isEqualTo(50);
		provider.dispose();
	}

}

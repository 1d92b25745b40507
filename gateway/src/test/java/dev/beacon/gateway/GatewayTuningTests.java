package dev.beacon.gateway;

import java.util.List;

import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.http.client.ReactorResourceFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which parts run with the tuning switches: the gateway's replacements by default, Spring Cloud
 * Gateway's and Reactor Netty's own with {@code beacon.gateway.tuning.enabled=false}, whatever
 * the part switches say; the connect timeout applies either way.
 */
class GatewayTuningTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withUserConfiguration(GatewayApplication.class)
		.withPropertyValues("spring.application.name=gateway", "beacon.discovery.register=false",
				"beacon.discovery.registry-url=http://127.0.0.1:1", "beacon.discovery.token=t",
				"beacon.gateway.connect-timeout=750ms");

	@Test
	void replacementsRunByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(HttpClientFactory.class)).isNotExactlyInstanceOf(HttpClientFactory.class);
			assertThat(context.getBean(ReactorResourceFactory.class).isUseGlobalResources()).isFalse();
			assertThat(globalFilterNames(context)).contains("SmallAnswerBufferingFilter");
			assertThat(connectTimeout(context)).isEqualTo(750);
		});
	}

	@Test
	void tuningOffRunsStockPartsEverywhere() {
		this.runner.withPropertyValues("beacon.gateway.tuning.enabled=false", "beacon.gateway.tuning.event-loops=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(HttpClientFactory.class)).isExactlyInstanceOf(HttpClientFactory.class);
				assertThat(context.getBean(ReactorResourceFactory.class).isUseGlobalResources()).isTrue();
				assertThat(globalFilterNames(context)).doesNotContain("SmallAnswerBufferingFilter");
				assertThat(connectTimeout(context)).isEqualTo(750);
			});
	}

	@Test
	void onePartOffRunsThatStockPartOnly() {
		this.runner.withPropertyValues("beacon.gateway.tuning.connection-pools=false").run((context) -> {
			assertThat(context.getBean(HttpClientFactory.class)).isExactlyInstanceOf(HttpClientFactory.class);
			assertThat(context.getBean(ReactorResourceFactory.class).isUseGlobalResources()).isFalse();
			assertThat(globalFilterNames(context)).contains("SmallAnswerBufferingFilter");
		});
	}

	private static List<String> globalFilterNames(AssertableReactiveWebApplicationContext context) {
		return context.getBeansOfType(GlobalFilter.class).values().stream()
			.map((filter) -> filter.getClass().getSimpleName())
			.toList();
	}

	private static Object connectTimeout(AssertableReactiveWebApplicationContext context) {
		return context.getBean(HttpClient.class).configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS);
	}

}

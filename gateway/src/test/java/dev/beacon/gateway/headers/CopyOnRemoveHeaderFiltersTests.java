package dev.beacon.gateway.headers;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each copy-on-remove filter hands on exactly the headers that Spring Cloud Gateway's own
 * filter does, for requests with and without the headers it removes; and the post-processor
 * puts them in place of exactly those filters.
 */
class CopyOnRemoveHeaderFiltersTests {

	static Stream<Map<String, List<String>>> requests() {
		return Stream.of(Map.of(), Map.of("Accept", List.of("*/*"), "X-Kept", List.of("a", "b")),
				Map.of("Forwarded", List.of("for=203.0.113.7"), "X-Kept", List.of("yes")),
				Map.of("forwarded", List.of("for=203.0.113.7;proto=https")),
				Map.of("X-Forwarded-For", List.of("203.0.113.7"), "x-forwarded-proto", List.of("https"),
						"X-Forwarder", List.of("not one of them")),
				Map.of("Connection", List.of("X-Hop, close"), "X-Hop", List.of("dropped"), "X-Kept", List.of("1")),
				Map.of("Connection", List.of("keep-alive")),
				Map.of("keep-alive", List.of("timeout=5"), "TE", List.of("trailers"), "Trailer", List.of("X-T"),
						"Transfer-Encoding", List.of("chunked"), "Upgrade", List.of("h2c")),
				Map.of("Proxy-Authorization", List.of("Basic c2VjcmV0"), "Proxy-Authenticate", List.of("Basic")),
				Map.of("X-Application-Context", List.of("app")),
				Map.of("Content-Type", List.of("application/grpc+proto"), "X-Kept", List.of("1")),
				Map.of("Content-Type", List.of("APPLICATION/GRPC")),
				Map.of("Content-Type", List.of("application/json")));
	}

	@ParameterizedTest
	@MethodSource("requests")
	void removeHopByHopHandsOnWhatItsOriginalDoes(Map<String, List<String>> headers) {
		RemoveHopByHopHeadersFilter original = new RemoveHopByHopHeadersFilter();
		assertSameOutput(original, new CopyOnRemoveRemoveHopByHopHeadersFilter(original), headers);
	}

	@ParameterizedTest
	@MethodSource("requests")
	void removeHopByHopWithConfiguredHeadersHandsOnWhatItsOriginalDoes(Map<String, List<String>> headers) {
		RemoveHopByHopHeadersFilter original = new RemoveHopByHopHeadersFilter();
		original.setHeaders(Set.of("x-kept"));
		assertSameOutput(original, new CopyOnRemoveRemoveHopByHopHeadersFilter(original), headers);
	}

	@ParameterizedTest
	@MethodSource("requests")
	void removeForwardedHandsOnWhatItsOriginalDoes(Map<String, List<String>> headers) {
		assertSameOutput(new RemoveForwardedHeadersFilter(), new CopyOnRemoveRemoveForwardedHeadersFilter(), headers);
	}

	@ParameterizedTest
	@MethodSource("requests")
	void removeXForwardedHandsOnWhatItsOriginalDoes(Map<String, List<String>> headers) {
		assertSameOutput(new RemoveXForwardedHeadersFilter(), new CopyOnRemoveRemoveXForwardedHeadersFilter(),
				headers);
	}

	@ParameterizedTest
	@MethodSource("requests")
	void grpcRequestHandsOnWhatItsOriginalDoes(Map<String, List<String>> headers) {
		assertSameOutput(new GRPCRequestHeadersFilter(), new CopyOnChangeGrpcRequestHeadersFilter(), headers);
	}

	@Test
	void postProcessorReplacesTheGatewaysOwnFiltersKeepingTheirSettings() {
		BeanPostProcessor processor = HeaderFilterConfiguration.copyOnRemoveHeaderFilters();
		RemoveHopByHopHeadersFilter configured = new RemoveHopByHopHeadersFilter();
		configured.setHeaders(Set.of("x-secret"));
		configured.setOrder(42);
		Object replaced = processor.postProcessAfterInitialization(configured, "removeHopByHopHeadersFilter");
		assertThat(replaced).isInstanceOf(CopyOnRemoveRemoveHopByHopHeadersFilter.class);
		assertThat(((RemoveHopByHopHeadersFilter) replaced).getHeaders()).containsExactly("x-secret");
		assertThat(((RemoveHopByHopHeadersFilter) replaced).getOrder()).isEqualTo(42);
		assertThat(processor.postProcessAfterInitialization(new RemoveForwardedHeadersFilter(), "a"))
			.isInstanceOf(CopyOnRemoveRemoveForwardedHeadersFilter.class);
		assertThat(processor.postProcessAfterInitialization(new RemoveXForwardedHeadersFilter(), "b"))
			.isInstanceOf(CopyOnRemoveRemoveXForwardedHeadersFilter.class);
		assertThat(processor.postProcessAfterInitialization(new GRPCRequestHeadersFilter(), "c"))
			.isInstanceOf(CopyOnChangeGrpcRequestHeadersFilter.class);
		RemoveForwardedHeadersFilter applicationsOwn = new RemoveForwardedHeadersFilter() {
		};
		assertThat(processor.postProcessAfterInitialization(applicationsOwn, "d")).isSameAs(applicationsOwn);
	}

	/** On the server request's own (read-only) headers, as the first filter sees them, and on a mutable copy. */
	private static void assertSameOutput(HttpHeadersFilter original, HttpHeadersFilter copyOnRemove,
			Map<String, List<String>> headers) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("http://gateway/svc/x");
		headers.forEach((name, values) -> request.header(name, values.toArray(String[]::new)));
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		HttpHeaders requestHeaders = exchange.getRequest().getHeaders();
		assertThat(contents(copyOnRemove.filter(requestHeaders, exchange)))
			.isEqualTo(contents(original.filter(requestHeaders, exchange)));
		HttpHeaders mutable = new HttpHeaders();
		mutable.addAll(requestHeaders);
		assertThat(contents(copyOnRemove.filter(mutable, exchange))).isEqualTo(contents(original.filter(mutable, exchange)));
	}

	private static List<String> contents(HttpHeaders headers) {
		return headers.headerSet()
			.stream()
			.map((header) -> header.getKey().toLowerCase(Locale.ROOT) + "=" + header.getValue())
			.sorted()
			.toList();
	}

}

package dev.beacon.gateway.failover;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tries a failed request again on another instance, before the client sees an error.
 * <ul>
 * <li>A connection the instance refused (or that timed out while connecting) is retried
 * whatever the method: nothing reached the instance, not even the body. The instance is
 * ejected for a while, so that neither this request nor the next ones pick it again.</li>
 * <li>Any other I/O failure or timeout before the response started (a connection reset by a
 * crashing instance, say) is retried only for idempotent methods without a body: the instance
 * may have acted on the request, and a body already sent cannot be sent again.</li>
 * </ul>
 * Runs before the route's URL is resolved, so each attempt goes through load balancing
 * again.
 */
public class InstanceFailoverFilter implements GlobalFilter, Ordered {

	private static final Log logger = LogFactory.getLog(InstanceFailoverFilter.class);

	/**
	 * The exchange attribute naming the instances a request already failed on ({@link #key}),
	 * which its next attempts are not balanced to again: a crashed instance leaves several pooled
	 * connections that each fail without refusing, and the request must not spend its retries on
	 * them.
	 */
	static final String TRIED_ATTRIBUTE = InstanceFailoverFilter.class.getName() + ".tried";

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

	private final EjectedInstances ejected;

	private final int retries;

	public InstanceFailoverFilter(EjectedInstances ejected, int retries) {
		this.ejected = ejected;
		this.retries = retries;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (this.retries == 0) {
			return chain.filter(exchange);
		}
		return attempt(exchange, chain, this.retries);
	}

	/**
	 * One attempt, and on a failure worth it, the next one. A plain {@code onErrorResume}
	 * rather than {@code retryWhen}: this wraps every request, and {@code retryWhen} sets up
	 * a companion sink and its subscribers for each, failed or not.
	 */
	private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, int retriesLeft) {
		return chain.filter(exchange).onErrorResume((ex) -> {
			ejectOnConnectFailure(exchange, ex);
			if (retriesLeft == 0 || !retryable(exchange, ex)) {
				return Mono.error(ex);
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Retrying " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath()
						+ " on another instance after " + ex);
			}
			rememberTried(exchange);
			ServerWebExchangeUtils.reset(exchange);
			return attempt(exchange, chain, retriesLeft - 1);
		});
	}

	private static void rememberTried(ServerWebExchange exchange) {
		Response<ServiceInstance> chosen = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (chosen != null && chosen.hasServer()) {
			Set<String> tried = exchange.getAttributeOrDefault(TRIED_ATTRIBUTE, ConcurrentHashMap.newKeySet());
			tried.add(key(chosen.getServer()));
			exchange.getAttributes().put(TRIED_ATTRIBUTE, tried);
		}
	}

	static String key(ServiceInstance instance) {
		return instance.getHost() + ":" + instance.getPort();
	}

	private void ejectOnConnectFailure(ServerWebExchange exchange, Throwable ex) {
		if (isConnectFailure(ex)) {
			Response<ServiceInstance> chosen = exchange
				.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
			if (chosen != null && chosen.hasServer()) {
				this.ejected.eject(chosen.getServer());
			}
		}
	}

	private boolean retryable(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return false;
		}
		if (isConnectFailure(ex)) {
			return true;
		}
		boolean ioFailure = ex instanceof IOException || ex instanceof TimeoutException
				|| ex.getCause() instanceof IOException;
		return ioFailure && IDEMPOTENT.contains(exchange.getRequest().getMethod()) && !hasBody(exchange);
	}

	private static boolean isConnectFailure(Throwable ex) {
		for (Throwable current = ex; current != null; current = current.getCause()) {
			if (current instanceof ConnectException || current instanceof ConnectTimeoutException
					|| current instanceof NoRouteToHostException) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasBody(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	/** Before the route's URL is resolved, so that a retry balances again. */
	@Override
	public int getOrder() {
		return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER - 1;
	}

}

package dev.beacon.registry.checks;

import java.time.Duration;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;

import dev.beacon.client.Check;
import dev.beacon.client.Registration;

/**
 * Runs one check against its instance's own host and port, without blocking a thread: an HTTP
 * {@code GET} of its path passes on a 2xx answer (redirects are not followed: they could lead
 * elsewhere), a TCP check passes when it connects. Anything else, or no answer within the
 * timeout, fails. Each run opens a connection of its own: a pooled one would pass a check that
 * the instance's accept loop would fail.
 */
final class CheckProbe {

	private final LoopResources loops;

	/** Built once: building a context reads the bundle's stores. */
	private final @Nullable SslContext tls;

	/**
	 * @param loops the event loops checks run on
	 * @param tls what HTTPS checks trust, and the client certificate they present, if any; the
	 * JVM's default trust when {@code null}
	 */
	CheckProbe(LoopResources loops, @Nullable SslBundle tls) {
		this.loops = loops;
		this.tls = (tls != null) ? sslContext(tls) : null;
	}

	Mono<Boolean> run(DueCheck due) {
		Check check = due.check();
		Registration instance = due.registration();
		Mono<Boolean> attempt = (check.http() != null) ? http(instance, check.http(), check.timeout())
				: tcp(instance, check.timeout());
		return attempt.timeout(check.timeout()).onErrorReturn(false).defaultIfEmpty(false);
	}

	private Mono<Boolean> http(Registration instance, String path, Duration timeout) {
		HttpClient client = HttpClient.create(ConnectionProvider.newConnection())
			.runOn(this.loops)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout(timeout))
			.responseTimeout(timeout);
		if (instance.secure()) {
			SslContext context = this.tls;
			client = (context != null) ? client.secure((spec) -> spec.sslContext(context)) : client.secure();
		}
		return client.get()
			.uri((instance.secure() ? "https://" : "http://") + host(instance.host()) + ":" + instance.port() + path)
			.response((response, body) -> body.then(Mono.just(response.status().code() / 100 == 2)))
			.next();
	}

	private Mono<Boolean> tcp(Registration instance, Duration timeout) {
		return TcpClient.newConnection()
			.runOn(this.loops)
			.host(instance.host())
			.port(instance.port())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout(timeout))
			.connect()
			.map((connection) -> {
				connection.dispose();
				return true;
			});
	}

	private static SslContext sslContext(SslBundle bundle) {
		SslManagerBundle managers = bundle.getManagers();
		boolean clientCertificate = bundle.getStores().getKeyStore() != null;
		try {
			return Http11SslContextSpec.forClient().configure((builder) -> {
				builder.trustManager(managers.getTrustManagerFactory());
				if (clientCertificate) {
					builder.keyManager(managers.getKeyManagerFactory());
				}
			}).sslContext();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("beacon.registry.checks.ssl-bundle: " + ex.getMessage(), ex);
		}
	}

	private static int connectTimeout(Duration timeout) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
	}

	/** An IPv6 address goes in brackets in a URI. */
	private static String host(String host) {
		return (host.indexOf(':') >= 0 && !host.startsWith("[")) ? "[" + host + "]" : host;
	}

}

package dev.beacon.registry.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP (or HTTPS) server on a free loopback port that plays an instance's health endpoint: it
 * answers {@code /health} with the status it is told, and records when each request came.
 */
final class HealthTarget implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger status = new AtomicInteger(200);

	private final List<Long> requests = new ArrayList<>();

	private HealthTarget(HttpServer server) {
		this.server = server;
		server.createContext("/health", (exchange) -> {
			synchronized (this.requests) {
				this.requests.add(System.nanoTime());
			}
			exchange.sendResponseHeaders(this.status.get(), -1);
			exchange.close();
		});
		server.start();
	}

	static HealthTarget start() {
		try {
			return new HealthTarget(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The same over HTTPS.
	 * @param tls the server's key and certificate
	 * @return the started server
	 */
	static HealthTarget startHttps(SSLContext tls) {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setHttpsConfigurator(new HttpsConfigurator(tls));
			return new HealthTarget(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	void answer(int code) {
		this.status.set(code);
	}

	int requestCount() {
		synchronized (this.requests) {
			return this.requests.size();
		}
	}

	/** When each request came, in {@link System#nanoTime()}, in order. */
	List<Long> requestTimes() {
		synchronized (this.requests) {
			return List.copyOf(this.requests);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}

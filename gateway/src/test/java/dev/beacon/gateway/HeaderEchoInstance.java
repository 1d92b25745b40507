package dev.beacon.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

/**
 * An instance that answers every request with the headers it received, one
 * {@code name: value} line each (names in lower case), and with a few headers of its own: one
 * for the client ({@code X-Instance-Answer}) and one hop-by-hop ({@code Proxy-Authenticate}).
 */
final class HeaderEchoInstance implements AutoCloseable {

	private final HttpServer server;

	private HeaderEchoInstance() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			String received = exchange.getRequestHeaders()
				.entrySet()
				.stream()
				.flatMap((header) -> header.getValue()
					.stream()
					.map((value) -> header.getKey().toLowerCase(Locale.ROOT) + ": " + value))
				.sorted()
				.collect(Collectors.joining("\n"));
			byte[] body = received.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("X-Instance-Answer", "yes");
			exchange.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"echo\"");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	static HeaderEchoInstance start() throws IOException {
		return new HeaderEchoInstance();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Sends one request as written, on a connection of its own that the server closes after
	 * answering: a client of the JDK would refuse to send some of the headers this is for.
	 * @param port where to send it
	 * @param request the request line and headers, each line ending in CRLF, without the
	 * empty line that ends them
	 * @return the whole answer, status line, headers and body
	 */
	static String exchange(int port, String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((request + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}

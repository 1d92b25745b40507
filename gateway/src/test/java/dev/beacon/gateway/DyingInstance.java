package dev.beacon.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An instance that dies in the middle of every answer: it sends the status, the headers and
 * half the body its Content-Length announces, then closes the connection.
 */
final class DyingInstance implements AutoCloseable {

	private static final String BODY = "{\"message\":\"Hello, world!\",\"instance\":\"dying\"}";

	private final ServerSocket socket;

	private final AtomicInteger answersBegun = new AtomicInteger();

	private DyingInstance() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::serve, "dying-instance");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	static DyingInstance start() throws IOException {
		return new DyingInstance();
	}

	int port() {
		return this.socket.getLocalPort();
	}

	int answersBegun() {
		return this.answersBegun.get();
	}

	private void serve() {
		while (!this.socket.isClosed()) {
			try (Socket connection = this.socket.accept()) {
				readRequestHead(connection.getInputStream());
				String head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length()
						+ "\r\n\r\n";
				OutputStream out = connection.getOutputStream();
				out.write((head + BODY.substring(0, BODY.length() / 2)).getBytes(StandardCharsets.US_ASCII));
				out.flush();
				this.answersBegun.incrementAndGet();
			}
			catch (IOException ex) {
				// closed, or the gateway gave up on the connection: take the next one
			}
		}
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < end.length) {
			int next = in.read();
			if (next == -1) {
				throw new IOException("connection closed before the request's head ended");
			}
			matched = (next == end[matched]) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}

package dev.beacon.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.beacon.benchmarks.LoadGenerator.Request;

/**
 * One blocking HTTP/1.1 keep-alive connection that sends a request and reads its whole answer
 * (Content-Length or chunked), as lean as a load generator needs: no pooling, no reactive
 * pipeline, so that the generator is not what limits the servers it measures.
 */
final class HttpConnection implements AutoCloseable {

	private final String host;

	private final int port;

	private final byte[] fixedHeaders;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	HttpConnection(String host, int port, Map<String, String> headers) {
		this.host = host;
		this.port = port;
		StringBuilder fixed = new StringBuilder("Host: ").append(host).append(':').append(port).append("\r\n");
		headers.forEach((name, value) -> fixed.append(name).append(": ").append(value).append("\r\n"));
		this.fixedHeaders = fixed.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	/** Sends the request and reads the answer; its status code. */
	int exchange(Request request) throws IOException {
		if (socket == null) {
			connect();
		}
		byte[] body = (request.body() != null) ? request.body().getBytes(StandardCharsets.UTF_8) : new byte[0];
		StringBuilder head = new StringBuilder(128).append(request.method().name())
			.append(' ')
			.append(request.path())
			.append(" HTTP/1.1\r\n");
		byte[] start = head.toString().getBytes(StandardCharsets.ISO_8859_1);
		String length = (body.length > 0 || !"GET".equals(request.method().name()))
				? "Content-Length: " + body.length + "\r\n\r\n" : "\r\n";
		byte[] end = length.getBytes(StandardCharsets.ISO_8859_1);
		byte[] all = new byte[start.length + fixedHeaders.length + end.length + body.length];
		System.arraycopy(start, 0, all, 0, start.length);
		System.arraycopy(fixedHeaders, 0, all, start.length, fixedHeaders.length);
		System.arraycopy(end, 0, all, start.length + fixedHeaders.length, end.length);
		System.arraycopy(body, 0, all, start.length + fixedHeaders.length + end.length, body.length);
		try {
			out.write(all);
			out.flush();
			return readResponse();
		}
		catch (IOException ex) {
			close();
			throw ex;
		}
	}

	private int readResponse() throws IOException {
		String statusLine = readLine();
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long contentLength = -1;
		boolean chunked = false;
		boolean closeAfter = false;
		String line;
		while (!(line = readLine()).isEmpty()) {
			int colon = line.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String name = line.substring(0, colon).trim();
			String value = line.substring(colon + 1).trim();
			if (name.equalsIgnoreCase("content-length")) {
				contentLength = Long.parseLong(value);
			}
			else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
				chunked = true;
			}
			else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
				closeAfter = true;
			}
		}
		if (chunked) {
			long size;
			while ((size = Long.parseLong(readLine().split(";")[0].trim(), 16)) > 0) {
				skip(size);
				readLine();
			}
			while (!readLine().isEmpty()) {
				// trailers
			}
		}
		else if (contentLength > 0) {
			skip(contentLength);
		}
		if (closeAfter) {
			close();
		}
		return status;
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder(64);
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("connection closed by " + host + ":" + port);
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	private void skip(long count) throws IOException {
		long left = count;
		while (left > 0) {
			long skipped = in.skip(left);
			if (skipped <= 0) {
				if (in.read() < 0) {
					throw new EOFException("connection closed by " + host + ":" + port);
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

	private void connect() throws IOException {
		Socket connection = new Socket();
		connection.setTcpNoDelay(true);
		connection.connect(new InetSocketAddress(host, port), 2000);
		connection.setSoTimeout(10_000);
		this.socket = connection;
		this.in = new BufferedInputStream(connection.getInputStream(), 64 * 1024);
		this.out = connection.getOutputStream();
	}

	@Override
	public void close() {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			socket = null;
		}
	}

}

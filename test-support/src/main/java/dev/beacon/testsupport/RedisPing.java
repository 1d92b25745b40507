package dev.beacon.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to a Redis server over a raw socket, the cheapest proof that it answers.
 */
final class RedisPing {

	private static final int CONNECT_TIMEOUT_MILLIS = 250;

	private static final int READ_TIMEOUT_MILLIS = 1000;

	private static final String PONG = "+PONG";

	private static final Pattern PROCESS_ID = Pattern.compile("^process_id:(\\d+)\\s*$", Pattern.MULTILINE);

	private RedisPing() {
	}

	/**
	 * Send {@code PING}.
	 * @param endpoint the server
	 * @return whether it answered {@code +PONG}
	 */
	static boolean answers(RedisEndpoint endpoint) {
		return PONG.equals(call(endpoint, "PING"));
	}

	/**
	 * Ask the server for its process id, to tell the server a test started from another one
	 * already listening on the same port.
	 * @param endpoint the server
	 * @return the id, or empty if the server does not answer
	 */
	static OptionalLong processId(RedisEndpoint endpoint) {
		String info = call(endpoint, "INFO server");
		Matcher matcher = PROCESS_ID.matcher(info);
		return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
	}

	/**
	 * Send an inline command and return its reply: a simple reply or error as its line, a bulk
	 * reply as its content.
	 */
	private static String call(RedisEndpoint endpoint, String command) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MILLIS);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String line = readLine(in);
			if (!line.startsWith("$")) {
				return line;
			}
			int length = Integer.parseInt(line.substring(1));
			return (length < 0) ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8);
		}
		catch (IOException | NumberFormatException ex) {
			return "";
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.UTF_8);
	}

}

package dev.beacon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on the loopback interface.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/**
	 * Return a TCP port that was free on the loopback interface a moment ago. Another process may
	 * take it before the caller binds it, so callers that can should retry on "address in use".
	 * @return a free port
	 */
	public static int next() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free loopback port", ex);
		}
	}

}

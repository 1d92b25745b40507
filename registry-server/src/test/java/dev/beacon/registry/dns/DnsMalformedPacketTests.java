package dev.beacon.registry.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Random;

import javax.naming.NamingException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Packets that are not DNS queries are dropped, or answered FORMERR, and the server goes on
 * answering: over UDP and over TCP, where a connection that sent one is closed.
 */
class DnsMalformedPacketTests {

	private static final int LARGE = 40;

	private static DnsTestRegistry registry;

	private final Random random = new Random(18);

	@BeforeAll
	static void start() {
		registry = DnsTestRegistry.start();
		registry.register("alive", "alive-1", "10.30.0.1", 8080);
		registry.registerMany("bulk", "10.31.0.", LARGE);
	}

	@AfterAll
	static void stop() {
		registry.close();
	}

	/**
	 * Rounds of garbage, each small enough for the socket's receive buffer, each followed by a
	 * query: its answer shows that the server read everything sent before it.
	 */
	@Test
	void randomDatagramsLeaveTheServerAnswering() throws Exception {
		JndiDns jndi = new JndiDns(registry.dnsPort());
		try (DatagramSocket socket = new DatagramSocket()) {
			for (int round = 0; round < 10; round++) {
				for (int i = 0; i < 50; i++) {
					byte[] garbage = new byte[this.random.nextInt(700)];
					this.random.nextBytes(garbage);
					socket.send(new DatagramPacket(garbage, garbage.length, server()));
				}
				assertThat(jndi.lookup("alive.service.beacon", "A")).containsExactly("10.30.0.1");
			}
		}
		assertAnswering();
	}

	@Test
	void aResponseSentToTheServerIsNotAnswered() throws IOException {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.setSoTimeout(500);
			byte[] response = header(0x4242, 0x8180, 0);
			socket.send(new DatagramPacket(response, response.length, server()));
			assertThatExceptionOfType(SocketTimeoutException.class)
				.isThrownBy(() -> socket.receive(new DatagramPacket(new byte[512], 512)));
		}
	}

	@Test
	void aQueryWithoutAQuestionIsAnsweredFormerr() throws IOException, NamingException {
		try (DatagramSocket socket = new DatagramSocket()) {
			socket.setSoTimeout(5_000);
			byte[] query = header(0x1234, 0x0100, 0);
			socket.send(new DatagramPacket(query, query.length, server()));
			DatagramPacket received = new DatagramPacket(new byte[512], 512);
			socket.receive(received);
			ByteBuffer answer = ByteBuffer.wrap(received.getData(), 0, received.getLength());
			assertThat(answer.getShort() & 0xffff).isEqualTo(0x1234);
			int flags = answer.getShort() & 0xffff;
			assertThat(flags & 0x8000).as("QR").isNotZero();
			assertThat(flags & 0xf).as("RCODE").isEqualTo(1);
		}
		assertAnswering();
	}

	@Test
	void randomBytesOverTcpLeaveTheServerAnswering() throws Exception {
		for (int i = 0; i < 20; i++) {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), registry.dnsPort())) {
				byte[] garbage = new byte[1 + this.random.nextInt(2000)];
				this.random.nextBytes(garbage);
				socket.getOutputStream().write(garbage);
			}
		}
		assertAnswering();
	}

	@Test
	void aTcpConnectionThatSendsWhatIsNotAQueryIsClosed() throws IOException, NamingException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), registry.dnsPort())) {
			socket.setSoTimeout(5_000);
			OutputStream out = socket.getOutputStream();
			byte[] response = header(0x4343, 0x8180, 0);
			out.write(new byte[] { 0, (byte) response.length });
			out.write(response);
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(in.read()).isEqualTo(-1);
		}
		assertAnswering();
	}

	/** A query for a small answer over UDP, and one for a large answer that the JDK's client fetches again over TCP. */
	private static void assertAnswering() throws NamingException {
		JndiDns jndi = new JndiDns(registry.dnsPort());
		assertThat(jndi.lookup("alive.service.beacon", "A")).containsExactly("10.30.0.1");
		assertThat(jndi.lookup("bulk.service.beacon", "A")).hasSize(LARGE);
	}

	private static byte[] header(int id, int flags, int questions) {
		return ByteBuffer.allocate(12).putShort((short) id).putShort((short) flags).putShort((short) questions).array();
	}

	private static InetSocketAddress server() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), registry.dnsPort());
	}

}

package dev.beacon.registry.dns;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.handler.codec.dns.TcpDnsResponseEncoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses fit their transport as Netty's encoders write them: the sizes counted ahead are the
 * sizes written, so a truncated answer holds every record that fits and no more.
 */
class DnsResponsesTests {

	private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5353);

	private static final String NAME = "orders.service.beacon.";

	@Test
	void withoutEdnsAUdpAnswerKeepsTo512BytesAndSaysItIsTruncated() {
		DnsResponse response = DnsResponses.response(udpQuery(0), addresses(40));
		int size = encodedUdpSize(response);
		assertThat(response.isTruncated()).isTrue();
		assertThat(size).isLessThanOrEqualTo(512).isGreaterThan(512 - recordLength());
	}

	@Test
	void edns0OffersALargerUdpAnswer() {
		DnsResponse fitting = DnsResponses.response(udpQuery(4096), addresses(40));
		assertThat(fitting.isTruncated()).isFalse();
		assertThat(fitting.count(DnsSection.ANSWER)).isEqualTo(40);
		assertThat(encodedUdpSize(fitting)).isLessThanOrEqualTo(4096);

		DnsResponse capped = DnsResponses.response(udpQuery(65_000), addresses(200));
		assertThat(capped.isTruncated()).isTrue();
		assertThat(encodedUdpSize(capped)).isLessThanOrEqualTo(DnsResponses.MAX_UDP_PAYLOAD)
			.isGreaterThan(DnsResponses.MAX_UDP_PAYLOAD - recordLength());
	}

	@Test
	void anAnswerThatFitsIsWholeWithItsAuthorityAndAdditionalSections() {
		ResourceRecord soa = new ResourceRecord("beacon.", DnsRecordType.SOA, 0, RecordData.soa("beacon.", 0));
		Answer answer = new Answer(DnsResponseCode.NOERROR, addresses(3).answers(), List.of(soa), List.of(soa));
		DnsResponse response = DnsResponses.response(udpQuery(0), answer);
		assertThat(response.isTruncated()).isFalse();
		assertThat(response.count(DnsSection.AUTHORITY)).isEqualTo(1);
		assertThat(response.count(DnsSection.ADDITIONAL)).isEqualTo(1);
		response.release();
	}

	@Test
	void overTcpAnAnswerTakesUpTo64Kilobytes() {
		DnsResponse response = DnsResponses.response(tcpQuery(), addresses(3000));
		assertThat(response.isTruncated()).isTrue();
		EmbeddedChannel channel = new EmbeddedChannel(new TcpDnsResponseEncoder());
		channel.writeOutbound(response);
		ByteBuf encoded = channel.readOutbound();
		int size = encoded.readableBytes() - 2;
		encoded.release();
		assertThat(size).isLessThanOrEqualTo(65_535).isGreaterThan(65_535 - recordLength());
	}

	private static int encodedUdpSize(DnsResponse response) {
		EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsResponseEncoder());
		channel.writeOutbound(response);
		DatagramPacket packet = channel.readOutbound();
		int size = packet.content().readableBytes();
		packet.release();
		return size;
	}

	private static Answer addresses(int count) {
		List<ResourceRecord> records = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			records.add(new ResourceRecord(NAME, DnsRecordType.A, 0, new byte[] { 10, 0, (byte) (i >> 8), (byte) i }));
		}
		return new Answer(DnsResponseCode.NOERROR, records, List.of(), List.of());
	}

	private static int recordLength() {
		return addresses(1).answers().get(0).encodedLength();
	}

	private static Query udpQuery(int udpPayload) {
		return new Query(7, DnsOpCode.QUERY, true, new DefaultDnsQuestion(NAME, DnsRecordType.A), udpPayload, CLIENT,
				null);
	}

	private static Query tcpQuery() {
		return new Query(7, DnsOpCode.QUERY, true, new DefaultDnsQuestion(NAME, DnsRecordType.A), 0, null, null);
	}

}

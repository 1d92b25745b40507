package dev.beacon.registry.dns;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses as Netty's own decoder reads them back: names compressed where they repeat, every
 * record intact, and within the size the transport carries, a truncated answer holding every
 * record that fits and no more.
 */
class DnsResponsesTests {

	private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 5353);

	private static final String NAME = "Orders.service.beacon.";

	/** An A record whose owner points at the question: pointer, type, class, TTL, length, address. */
	private static final int COMPRESSED_A = 2 + 10 + 4;

	@Test
	void twentyAddressRecordsFitWithoutEdnsAsTheirNamesPointAtTheQuestion() {
		ByteBuf written = write(udpQuery(0), addresses(20));
		assertThat(written.readableBytes()).isLessThanOrEqualTo(512);
		DnsResponse response = readUdp(written);
		assertThat(response.isTruncated()).isFalse();
		assertThat(response.count(DnsSection.ANSWER)).isEqualTo(20);
		for (int i = 0; i < 20; i++) {
			DnsRawRecord record = response.recordAt(DnsSection.ANSWER, i);
			assertThat(record.name()).isEqualTo(NAME);
			assertThat(record.type()).isEqualTo(DnsRecordType.A);
			assertThat(ByteBufUtil.getBytes(record.content())).containsExactly(10, 0, 0, i);
		}
		assertThat(response.<DnsRecord>recordAt(DnsSection.QUESTION).name()).isEqualTo(NAME);
		assertThat(response.id()).isEqualTo(7);
		assertThat(response.isAuthoritativeAnswer()).isTrue();
		assertThat(response.isRecursionDesired()).isTrue();
		response.release();
	}

	@Test
	void withoutEdnsAUdpAnswerKeepsTo512BytesAndSaysItIsTruncated() {
		ByteBuf written = write(udpQuery(0), addresses(40));
		int size = written.readableBytes();
		DnsResponse response = readUdp(written);
		assertThat(response.isTruncated()).isTrue();
		assertThat(size).isLessThanOrEqualTo(512).isGreaterThan(512 - COMPRESSED_A);
		assertThat(response.count(DnsSection.ANSWER)).isBetween(1, 39);
		response.release();
	}

	@Test
	void edns0OffersALargerUdpAnswer() {
		ByteBuf fitting = write(udpQuery(4096), addresses(200));
		assertThat(fitting.readableBytes()).isLessThanOrEqualTo(4096);
		DnsResponse whole = readUdp(fitting);
		assertThat(whole.isTruncated()).isFalse();
		assertThat(whole.count(DnsSection.ANSWER)).isEqualTo(200);
		assertThat(whole.<DnsRecord>recordAt(DnsSection.ADDITIONAL).type()).isEqualTo(DnsRecordType.OPT);
		whole.release();

		ByteBuf capped = write(udpQuery(65_000), addresses(400));
		assertThat(capped.readableBytes()).isLessThanOrEqualTo(DnsResponses.MAX_UDP_PAYLOAD)
			.isGreaterThan(DnsResponses.MAX_UDP_PAYLOAD - COMPRESSED_A);
		DnsResponse truncated = readUdp(capped);
		assertThat(truncated.isTruncated()).isTrue();
		assertThat(truncated.<DnsRecord>recordAt(DnsSection.ADDITIONAL).type()).isEqualTo(DnsRecordType.OPT);
		truncated.release();
	}

	@Test
	void aNegativeAnswerCarriesTheSoaOfTheDomainNamedAsTheQuestionEndsIt() {
		ResourceRecord soa = new ResourceRecord("beacon.", DnsRecordType.SOA, 0, RecordData.soa("beacon.", 0));
		DnsResponse response = readUdp(
				write(udpQuery(0), new Answer(DnsResponseCode.NXDOMAIN, List.of(), List.of(soa), List.of())));
		assertThat(response.code()).isEqualTo(DnsResponseCode.NXDOMAIN);
		assertThat(response.count(DnsSection.AUTHORITY)).isEqualTo(1);
		DnsRecord authority = response.recordAt(DnsSection.AUTHORITY);
		assertThat(authority.name()).isEqualToIgnoringCase("beacon.");
		assertThat(authority.type()).isEqualTo(DnsRecordType.SOA);
		response.release();
	}

	@Test
	void srvTargetsAreWrittenInFullAndTheirAddressesPointAtThem() {
		List<ResourceRecord> services = new ArrayList<>();
		List<ResourceRecord> targets = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String target = String.format("0a00000%d.addr.beacon.", i);
			services.add(new ResourceRecord(NAME, DnsRecordType.SRV, 0, RecordData.srv(1, 10, 8080 + i, target),
					target));
			targets.add(new ResourceRecord(target, DnsRecordType.A, 0, new byte[] { 10, 0, 0, (byte) i }));
		}
		ByteBuf written = write(udpQuery(0), new Answer(DnsResponseCode.NOERROR, services, List.of(), targets));
		int size = written.readableBytes();
		DnsResponse response = readUdp(written);
		assertThat(response.count(DnsSection.ANSWER)).isEqualTo(3);
		assertThat(response.count(DnsSection.ADDITIONAL)).isEqualTo(3);
		for (int i = 0; i < 3; i++) {
			DnsRawRecord additional = response.recordAt(DnsSection.ADDITIONAL, i);
			assertThat(additional.name()).isEqualTo(String.format("0a00000%d.addr.beacon.", i));
			assertThat(ByteBufUtil.getBytes(additional.content())).containsExactly(10, 0, 0, i);
		}
		// each additional record's owner is a pointer: its 22 bytes are written once, in the SRV data
		int question = 12 + NAME.length() + 1 + 4;
		int srv = 2 + 10 + 6 + 22;
		assertThat(size).isEqualTo(question + 3 * srv + 3 * COMPRESSED_A);
		response.release();
	}

	@Test
	void overTcpAnAnswerTakesUpTo64Kilobytes() {
		ByteBuf written = write(tcpQuery(), addresses(5000));
		int size = written.readableBytes();
		assertThat(size).isLessThanOrEqualTo(65_535).isGreaterThan(65_535 - COMPRESSED_A);
		DnsResponse response = readUdp(written);
		assertThat(response.isTruncated()).isTrue();
		response.release();
	}

	private static ByteBuf write(Query query, Answer answer) {
		ByteBuf out = Unpooled.buffer();
		DnsResponses.write(query, answer, out);
		return out;
	}

	/** Netty's decoder of datagrams reads any message; a TCP one differs only by its length prefix. */
	private static DnsResponse readUdp(ByteBuf message) {
		EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsResponseDecoder());
		channel.writeInbound(new DatagramPacket(message, CLIENT, CLIENT));
		return channel.readInbound();
	}

	private static Answer addresses(int count) {
		List<ResourceRecord> records = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			records.add(new ResourceRecord(NAME, DnsRecordType.A, 0, new byte[] { 10, 0, (byte) (i >> 8), (byte) i }));
		}
		return new Answer(DnsResponseCode.NOERROR, records, List.of(), List.of());
	}

	private static Query udpQuery(int udpPayload) {
		return new Query(7, DnsOpCode.QUERY, true, new DefaultDnsQuestion(NAME, DnsRecordType.A), udpPayload, CLIENT,
				null);
	}

	private static Query tcpQuery() {
		return new Query(7, DnsOpCode.QUERY, true, new DefaultDnsQuestion(NAME, DnsRecordType.A), 0, null, null);
	}

}

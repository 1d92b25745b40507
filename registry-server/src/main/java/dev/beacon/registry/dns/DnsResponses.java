package dev.beacon.registry.dns;

import java.util.List;

import io.netty.handler.codec.dns.AbstractDnsOptPseudoRrRecord;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;

/**
 * Turns an answer into Netty's response to one query, within the size its transport carries.
 * Over UDP that is 512 bytes (RFC 1035), or what the client's EDNS0 OPT record offers (RFC
 * 6891), up to {@link #MAX_UDP_PAYLOAD}; an answer that does not fit keeps the answer records
 * that do and is flagged truncated, so that the client asks again over TCP, where a message
 * may take 65,535 bytes.
 */
final class DnsResponses {

	static final int MAX_UDP_PAYLOAD = 4096;

	private static final int UDP_WITHOUT_EDNS = 512;

	private static final int TCP_MESSAGE = 65_535;

	private static final int HEADER = 12;

	/** The OPT record: root name, then type, payload size, flags and empty data. */
	private static final int OPT = 11;

	/** A question's type and class, after its name. */
	private static final int QUESTION_FIXED = 4;

	private DnsResponses() {
	}

	static DnsResponse response(Query query, Answer answer) {
		DnsResponse response;
		int limit;
		if (query.client() != null) {
			response = new DatagramDnsResponse(query.server(), query.client(), query.id(), query.opCode(),
					answer.code());
			limit = query.edns() ? Math.min(Math.max(query.udpPayload(), UDP_WITHOUT_EDNS), MAX_UDP_PAYLOAD)
					: UDP_WITHOUT_EDNS;
		}
		else {
			response = new DefaultDnsResponse(query.id(), query.opCode(), answer.code());
			limit = TCP_MESSAGE;
		}
		response.setAuthoritativeAnswer(true);
		response.setRecursionDesired(query.recursionDesired());
		int size = HEADER;
		DnsQuestion question = query.question();
		if (question != null) {
			response.addRecord(DnsSection.QUESTION, question);
			size += ResourceRecord.nameLength(question.name()) + QUESTION_FIXED;
		}
		if (query.edns()) {
			response.addRecord(DnsSection.ADDITIONAL, new AbstractDnsOptPseudoRrRecord(MAX_UDP_PAYLOAD) {
			});
			size += OPT;
		}
		if (size + length(answer.answers()) + length(answer.authority()) + length(answer.additional()) <= limit) {
			add(response, DnsSection.ANSWER, answer.answers());
			add(response, DnsSection.AUTHORITY, answer.authority());
			add(response, DnsSection.ADDITIONAL, answer.additional());
			return response;
		}
		response.setTruncated(true);
		for (ResourceRecord record : answer.answers()) {
			size += record.encodedLength();
			if (size > limit) {
				break;
			}
			response.addRecord(DnsSection.ANSWER, record.toNetty());
		}
		return response;
	}

	private static int length(List<ResourceRecord> records) {
		int length = 0;
		for (ResourceRecord record : records) {
			length += record.encodedLength();
		}
		return length;
	}

	private static void add(DnsResponse response, DnsSection section, List<ResourceRecord> records) {
		for (ResourceRecord record : records) {
			response.addRecord(section, record.toNetty());
		}
	}

}

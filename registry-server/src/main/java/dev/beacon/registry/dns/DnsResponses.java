package dev.beacon.registry.dns;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DnsQuestion;

/**
 * Writes the response to one query within the size its transport carries. Over UDP that is 512
 * bytes (RFC 1035), or what the client's EDNS0 OPT record offers (RFC 6891), up to
 * {@link #MAX_UDP_PAYLOAD}; an answer that does not fit keeps the answer records that do and is
 * flagged truncated, so that the client asks again over TCP, where a message may take 65,535
 * bytes.
 */
final class DnsResponses {

	static final int MAX_UDP_PAYLOAD = 4096;

	static final int UDP_WITHOUT_EDNS = 512;

	static final int TCP_MESSAGE = 65_535;

	/** The OPT record: root name, then type, payload size, flags and empty data. */
	private static final int OPT = 11;

	private static final int QR = 0x8000;

	private static final int AA = 0x0400;

	private static final int TC = 0x0200;

	private static final int RD = 0x0100;

	private DnsResponses() {
	}

	/**
	 * @param query the query
	 * @return the largest response its transport carries
	 */
	static int limit(Query query) {
		if (query.client() == null) {
			return TCP_MESSAGE;
		}
		return query.edns() ? Math.min(Math.max(query.udpPayload(), UDP_WITHOUT_EDNS), MAX_UDP_PAYLOAD)
				: UDP_WITHOUT_EDNS;
	}

	/**
	 * Writes the response.
	 * @param query the query
	 * @param answer its answer
	 * @param out where the message goes, from its writer index on
	 */
	static void write(Query query, Answer answer, ByteBuf out) {
		DnsMessageWriter message = new DnsMessageWriter(out);
		int limit = limit(query) - (query.edns() ? OPT : 0);
		DnsQuestion question = query.question();
		int questions = 0;
		if (question != null) {
			message.question(question.name(), question.type().intValue(), question.dnsClass());
			questions = 1;
		}
		int answers = records(message, answer.answers(), limit);
		boolean truncated = answers < answer.answers().size();
		int authority = 0;
		int additional = 0;
		if (!truncated) {
			int whole = message.size();
			authority = records(message, answer.authority(), limit);
			additional = records(message, answer.additional(), limit);
			if (authority < answer.authority().size() || additional < answer.additional().size()) {
				message.truncate(whole);
				truncated = true;
				authority = 0;
				additional = 0;
			}
		}
		if (query.edns()) {
			message.opt(MAX_UDP_PAYLOAD);
			additional++;
		}
		int flags = QR | (query.opCode().byteValue() << 11) | AA | (truncated ? TC : 0)
				| (query.recursionDesired() ? RD : 0) | answer.code().intValue();
		message.header(query.id(), flags, questions, answers, authority, additional);
	}

	/**
	 * @return how many of the records were written before one went past the limit
	 */
	private static int records(DnsMessageWriter message, List<ResourceRecord> records, int limit) {
		for (int i = 0; i < records.size(); i++) {
			int before = message.size();
			message.record(records.get(i));
			if (message.size() > limit) {
				message.truncate(before);
				return i;
			}
		}
		return records.size();
	}

}

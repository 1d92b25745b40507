package dev.beacon.registry.dns;

import java.net.InetSocketAddress;

import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import org.jspecify.annotations.Nullable;

/**
 * What the answer to a query needs of it, read before Netty's query is released.
 *
 * @param id the query's id, repeated in the response
 * @param opCode the query's operation
 * @param recursionDesired the query's RD flag, repeated in the response
 * @param question the question, or {@code null} when the query does not hold exactly one
 * @param udpPayload the largest UDP response the client takes, from its EDNS0 OPT record; 0
 * when it sent none
 * @param client where a query that came over UDP came from; {@code null} over TCP
 * @param server where a query that came over UDP was sent to, when known
 */
record Query(int id, DnsOpCode opCode, boolean recursionDesired, @Nullable DnsQuestion question, int udpPayload,
		@Nullable InetSocketAddress client, @Nullable InetSocketAddress server) {

	static Query of(DnsQuery query) {
		DnsQuestion question = (query.count(DnsSection.QUESTION) == 1) ? query.recordAt(DnsSection.QUESTION) : null;
		int udpPayload = 0;
		for (int i = 0; i < query.count(DnsSection.ADDITIONAL); i++) {
			DnsRecord record = query.recordAt(DnsSection.ADDITIONAL, i);
			if (record.type() == DnsRecordType.OPT) {
				udpPayload = Math.max(record.dnsClass(), 1);
			}
		}
		InetSocketAddress client = null;
		InetSocketAddress server = null;
		if (query instanceof DatagramDnsQuery datagram) {
			client = datagram.sender();
			server = datagram.recipient();
		}
		return new Query(query.id(), query.opCode(), query.isRecursionDesired(), question, udpPayload, client, server);
	}

	/**
	 * @return this query as if it held no question, for a response that cannot repeat it
	 */
	Query withoutQuestion() {
		return new Query(this.id, this.opCode, this.recursionDesired, null, this.udpPayload, this.client, this.server);
	}

	boolean edns() {
		return this.udpPayload > 0;
	}

}

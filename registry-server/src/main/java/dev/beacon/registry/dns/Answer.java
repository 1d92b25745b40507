package dev.beacon.registry.dns;

import java.util.List;

import io.netty.handler.codec.dns.DnsResponseCode;

/**
 * What a query is answered, whatever carries it.
 *
 * @param code the response code
 * @param answers the answer section
 * @param authority the authority section: the domain's SOA when the answer is negative
 * @param additional the additional section: addresses of SRV targets
 */
record Answer(DnsResponseCode code, List<ResourceRecord> answers, List<ResourceRecord> authority,
		List<ResourceRecord> additional) {

	Answer {
		answers = List.copyOf(answers);
		authority = List.copyOf(authority);
		additional = List.copyOf(additional);
	}

	static Answer of(DnsResponseCode code) {
		return new Answer(code, List.of(), List.of(), List.of());
	}

}

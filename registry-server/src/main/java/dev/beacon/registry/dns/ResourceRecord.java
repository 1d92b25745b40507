package dev.beacon.registry.dns;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;

/**
 * One record of an answer, before it becomes Netty's: a plain value, so that an answer that is
 * never sent holds no buffer to release.
 *
 * @param name the owner name, absolute
 * @param type the record's type
 * @param ttl how long resolvers may keep it, in seconds
 * @param data the record's data in wire format
 */
record ResourceRecord(String name, DnsRecordType type, long ttl, byte[] data) {

	/** Type, class, time to live and data length. */
	private static final int FIXED_LENGTH = 10;

	/**
	 * @return how many bytes the record takes in a message, as Netty's encoder writes it
	 * (without name compression)
	 */
	int encodedLength() {
		return nameLength(this.name) + FIXED_LENGTH + this.data.length;
	}

	/**
	 * @param owner another owner name, such as the name as queried, in its case
	 * @return this record under that name
	 */
	ResourceRecord named(String owner) {
		return new ResourceRecord(owner, this.type, this.ttl, this.data);
	}

	DnsRecord toNetty() {
		return new DefaultDnsRawRecord(this.name, this.type, this.ttl, Unpooled.wrappedBuffer(this.data));
	}

	/**
	 * @param name an absolute name, ending with a dot
	 * @return how many bytes it takes uncompressed: a length byte per label, the labels, the
	 * closing zero
	 */
	static int nameLength(String name) {
		return name.equals(".") ? 1 : name.length() + 1;
	}

}

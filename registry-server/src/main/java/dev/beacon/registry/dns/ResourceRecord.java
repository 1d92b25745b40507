package dev.beacon.registry.dns;

import io.netty.handler.codec.dns.DnsRecordType;
import org.jspecify.annotations.Nullable;

/**
 * One record of an answer, as {@link DnsMessageWriter} writes it.
 *
 * @param name the owner name, absolute
 * @param type the record's type
 * @param ttl how long resolvers may keep it, in seconds
 * @param data the record's data in wire format
 * @param target the name the data ends with (an SRV or CNAME target), so that later records
 * owned by it may point at it; {@code null} when the data holds no name, or one not worth
 * pointing at
 */
record ResourceRecord(String name, DnsRecordType type, long ttl, byte[] data, @Nullable String target) {

	static final int CLASS_IN = 1;

	static final int TYPE_OPT = 41;

	ResourceRecord(String name, DnsRecordType type, long ttl, byte[] data) {
		this(name, type, ttl, data, null);
	}

	/**
	 * @param owner another owner name, such as the name as queried, in its case
	 * @return this record under that name
	 */
	ResourceRecord named(String owner) {
		return new ResourceRecord(owner, this.type, this.ttl, this.data, this.target);
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

package dev.beacon.registry.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The data of the records Netty's codec has no type for (SRV, SOA, CNAME), in wire format
 * (RFC 1035 section 3.3, RFC 2782). Names are written uncompressed, as DNS requires inside
 * SRV data and allows elsewhere.
 */
final class RecordData {

	private RecordData() {
	}

	/**
	 * @param target an absolute name
	 * @return the data of a CNAME record pointing to it
	 */
	static byte[] cname(String target) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		writeName(out, target);
		return out.toByteArray();
	}

	/**
	 * @param priority lower is tried first
	 * @param weight share among records of the same priority
	 * @param port the port
	 * @param target absolute name of the host
	 * @return the data of an SRV record
	 */
	static byte[] srv(int priority, int weight, int port, String target) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		writeShort(out, priority);
		writeShort(out, weight);
		writeShort(out, port);
		writeName(out, target);
		return out.toByteArray();
	}

	/**
	 * The data of the domain's SOA record, which resolvers read for how long they may keep a
	 * negative answer (RFC 2308): the smaller of its time to live and its minimum.
	 * @param domain the domain, absolute
	 * @param minimum the negative caching time, in seconds
	 * @return the data of an SOA record
	 */
	static byte[] soa(String domain, long minimum) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		writeName(out, "ns." + domain);
		writeName(out, "hostmaster." + domain);
		// serial, refresh, retry and expire matter only to secondary servers, and this domain has none
		writeInt(out, 1);
		writeInt(out, 3600);
		writeInt(out, 600);
		writeInt(out, 86400);
		writeInt(out, minimum);
		return out.toByteArray();
	}

	private static void writeName(ByteArrayOutputStream out, String name) {
		for (String label : name.split("\\.")) {
			if (!label.isEmpty()) {
				byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
				out.write(bytes.length);
				out.write(bytes, 0, bytes.length);
			}
		}
		out.write(0);
	}

	private static void writeShort(ByteArrayOutputStream out, int value) {
		out.write(value >>> 8);
		out.write(value);
	}

	private static void writeInt(ByteArrayOutputStream out, long value) {
		writeShort(out, (int) (value >>> 16) & 0xffff);
		writeShort(out, (int) value & 0xffff);
	}

}

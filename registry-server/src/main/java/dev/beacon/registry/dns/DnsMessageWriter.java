package dev.beacon.registry.dns;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes one DNS message (RFC 1035 section 4) into a buffer, compressing names (section 4.1.4):
 * a name, or the end of one, that the message already holds becomes a two-byte pointer to it.
 * That is what lets twenty address records of one name fit in 512 bytes, where Netty's encoder
 * writes every owner name in full. Names inside record data stay as {@link RecordData} wrote
 * them (an SRV target must not be compressed, RFC 2782), but later names may point at them.
 */
final class DnsMessageWriter {

	static final int HEADER = 12;

	private static final int POINTER = 0xC000;

	/** Pointers hold 14 bits of offset: names further into a TCP message are not pointed at. */
	private static final int MAX_POINTER_TARGET = 0x3FFF;

	private static final int MAX_LABEL = 63;

	private final ByteBuf out;

	private final int start;

	/** Where each name, and each name's every ending, was first written; in lower case, as names compare. */
	private final Map<String, Integer> written = new HashMap<>();

	/**
	 * @param out the buffer, whose writer index is where the message starts
	 */
	DnsMessageWriter(ByteBuf out) {
		this.out = out;
		this.start = out.writerIndex();
		out.writeZero(HEADER);
	}

	/**
	 * @return how many bytes the message takes so far
	 */
	int size() {
		return this.out.writerIndex() - this.start;
	}

	/**
	 * Forgets what was written after a size that {@link #size()} returned before.
	 * @param size the size to go back to
	 */
	void truncate(int size) {
		this.out.writerIndex(this.start + size);
	}

	/**
	 * Fills in the header, once the message's sections are written.
	 * @param id the query's id
	 * @param flags the second 16 bits: QR, opcode, AA, TC, RD, RA, response code
	 * @param counts the number of records in each of the four sections
	 */
	void header(int id, int flags, int... counts) {
		this.out.setShort(this.start, id);
		this.out.setShort(this.start + 2, flags);
		for (int i = 0; i < counts.length; i++) {
			this.out.setShort(this.start + 4 + 2 * i, counts[i]);
		}
	}

	/**
	 * @param name an absolute name
	 * @param type the question's type
	 * @param dnsClass the question's class
	 */
	void question(String name, int type, int dnsClass) {
		name(name);
		this.out.writeShort(type);
		this.out.writeShort(dnsClass);
	}

	/**
	 * @param record a record of the answer, authority or additional section
	 */
	void record(ResourceRecord record) {
		name(record.name());
		this.out.writeShort(record.type().intValue());
		this.out.writeShort(ResourceRecord.CLASS_IN);
		this.out.writeInt((int) record.ttl());
		this.out.writeShort(record.data().length);
		String target = record.target();
		if (target != null) {
			remember(target, size() + record.data().length - ResourceRecord.nameLength(target));
		}
		this.out.writeBytes(record.data());
	}

	/**
	 * The EDNS0 OPT pseudo-record (RFC 6891): root name, the UDP payload this server takes, no
	 * extended code, version 0, no options.
	 * @param udpPayload the payload size
	 */
	void opt(int udpPayload) {
		this.out.writeByte(0);
		this.out.writeShort(ResourceRecord.TYPE_OPT);
		this.out.writeShort(udpPayload);
		this.out.writeInt(0);
		this.out.writeShort(0);
	}

	private void name(String name) {
		int from = 0;
		int length = name.length();
		while (from < length && !(from == length - 1 && name.charAt(from) == '.')) {
			String ending = name.substring(from).toLowerCase(Locale.ROOT);
			Integer at = this.written.get(ending);
			if (at != null) {
				this.out.writeShort(POINTER | at);
				return;
			}
			rememberAt(ending, size());
			int dot = name.indexOf('.', from);
			int end = (dot < 0) ? length : dot;
			label(name.subSequence(from, end));
			from = end + 1;
		}
		this.out.writeByte(0);
	}

	private void label(CharSequence label) {
		int bytes = ByteBufUtil.utf8Bytes(label);
		if (bytes == 0 || bytes > MAX_LABEL) {
			throw new IllegalArgumentException("A label of " + bytes + " bytes cannot be written");
		}
		this.out.writeByte(bytes);
		this.out.writeCharSequence(label, StandardCharsets.UTF_8);
	}

	/** Remembers a name written uncompressed inside record data, and each of its endings. */
	private void remember(String name, int offset) {
		int from = 0;
		while (from < name.length() - 1) {
			rememberAt(name.substring(from).toLowerCase(Locale.ROOT), offset + from);
			int dot = name.indexOf('.', from);
			if (dot < 0) {
				return;
			}
			from = dot + 1;
		}
	}

	private void rememberAt(String ending, int offset) {
		if (offset <= MAX_POINTER_TARGET) {
			this.written.putIfAbsent(ending, offset);
		}
	}

}

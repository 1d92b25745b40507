package dev.beacon.registry.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The names of the DNS interface's domain: reads a queried name, and writes the names that
 * records point to. Names are compared in lower case, as DNS names are case-insensitive; they
 * are absolute, ending with a dot, as Netty's codec reads them.
 */
final class DnsNames {

	private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	/** A label of a host name: up to 63 letters, digits, '-' and '_', not starting or ending with '-'. */
	private static final String HOST_LABEL = "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?";

	private static final Pattern HOST_NAME = Pattern
		.compile("(?=.{1,253}$)" + HOST_LABEL + "(\\." + HOST_LABEL + ")*\\.?");

	private static final String SERVICE_LABEL = "service";

	private static final String ADDRESS_LABEL = "addr";

	private final String domain;

	private final String dotDomain;

	/**
	 * @param domain the domain, in lower case, ending with a dot
	 */
	DnsNames(String domain) {
		this.domain = domain;
		this.dotDomain = "." + domain;
	}

	String domain() {
		return this.domain;
	}

	/**
	 * @param queried a name as queried, in any case
	 * @return what it stands for
	 */
	QueryName parse(String queried) {
		String name = queried.toLowerCase(Locale.ROOT);
		name = name.endsWith(".") ? name : name + ".";
		if (name.equals(this.domain)) {
			return QueryName.of(QueryName.Kind.APEX);
		}
		if (!name.endsWith(this.dotDomain)) {
			return QueryName.of(QueryName.Kind.OUTSIDE);
		}
		String[] labels = name.substring(0, name.length() - this.dotDomain.length()).split("\\.", -1);
		int last = labels.length - 1;
		if (labels[last].equals(SERVICE_LABEL)) {
			return underService(Arrays.copyOf(labels, last));
		}
		if (labels.length == 2 && labels[1].equals(ADDRESS_LABEL)) {
			return address(labels[0]);
		}
		return QueryName.of(QueryName.Kind.UNKNOWN);
	}

	private static QueryName underService(String[] labels) {
		if (labels.length == 0) {
			return QueryName.of(QueryName.Kind.EMPTY);
		}
		if (labels.length == 2 && labels[0].startsWith("_") && labels[1].equals("_tcp")) {
			return service(QueryName.Kind.SRV, labels[0].substring(1), null);
		}
		String zone = (labels.length > 1) ? String.join(".", Arrays.copyOf(labels, labels.length - 1)) : null;
		return service(QueryName.Kind.SERVICE, labels[labels.length - 1], zone);
	}

	private static QueryName service(QueryName.Kind kind, String service, @Nullable String zone) {
		if (!SERVICE.matcher(service).matches() || (zone != null && zone.isEmpty())) {
			return QueryName.of(QueryName.Kind.UNKNOWN);
		}
		return QueryName.service(kind, service, zone);
	}

	private static QueryName address(String hex) {
		if ((hex.length() != 8 && hex.length() != 32) || !hex.chars().allMatch(HexFormat::isHexDigit)) {
			return QueryName.of(QueryName.Kind.UNKNOWN);
		}
		try {
			return QueryName.address(InetAddress.getByAddress(HexFormat.of().parseHex(hex)));
		}
		catch (UnknownHostException ex) {
			// not thrown for 4 or 16 bytes
			return QueryName.of(QueryName.Kind.UNKNOWN);
		}
	}

	/**
	 * @param address an IPv4 or IPv6 address
	 * @return the name under this domain that answers it, as the target of SRV records
	 */
	String addressName(byte[] address) {
		return HexFormat.of().formatHex(address) + "." + ADDRESS_LABEL + this.dotDomain;
	}

	/**
	 * @param host a host registered as a name
	 * @return the host as an absolute DNS name, or {@code null} when it cannot be one
	 */
	static @Nullable String hostName(String host) {
		if (!HOST_NAME.matcher(host).matches()) {
			return null;
		}
		return host.endsWith(".") ? host : host + ".";
	}

}

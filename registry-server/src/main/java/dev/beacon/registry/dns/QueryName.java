package dev.beacon.registry.dns;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * What a queried name stands for under the DNS interface's domain.
 *
 * @param kind the kind of name
 * @param service the service, for {@link Kind#SERVICE} and {@link Kind#SRV}; else empty
 * @param zone the zone that narrows a service's instances, or {@code null} for all of them
 * @param address the address of an {@link Kind#ADDRESS} name; else {@code null}
 */
record QueryName(Kind kind, String service, @Nullable String zone, @Nullable InetAddress address) {

	static QueryName of(Kind kind) {
		return new QueryName(kind, "", null, null);
	}

	static QueryName service(Kind kind, String service, @Nullable String zone) {
		return new QueryName(kind, service, zone, null);
	}

	static QueryName address(InetAddress address) {
		return new QueryName(Kind.ADDRESS, "", null, address);
	}

	enum Kind {

		/** Not under the domain: refused, this server answers for nothing else. */
		OUTSIDE,

		/** The domain itself. */
		APEX,

		/** A name that exists only because names below it do ({@code service.<domain>}). */
		EMPTY,

		/** {@code [<zone>.]<service>.service.<domain>}: addresses, and SRV records. */
		SERVICE,

		/** {@code _<service>._tcp.service.<domain>}: SRV records only. */
		SRV,

		/** {@code <hex address>.addr.<domain>}: the target of an SRV record whose instance has an address. */
		ADDRESS,

		/** Under the domain, but nothing that exists. */
		UNKNOWN

	}

}

package dev.beacon.registry.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How queried names are read under the domain, before any record is looked for.
 */
class DnsNamesTests {

	private final DnsNames names = new DnsNames("beacon.");

	@Test
	void serviceNamesAreReadInAnyCase() {
		assertThat(this.names.parse("Orders.SERVICE.beacon.")).isEqualTo(service(QueryName.Kind.SERVICE, null));
		assertThat(this.names.parse("orders.service.beacon")).isEqualTo(service(QueryName.Kind.SERVICE, null));
		assertThat(this.names.parse("_orders._tcp.service.beacon.")).isEqualTo(service(QueryName.Kind.SRV, null));
	}

	@Test
	void labelsBeforeTheServiceNameAreItsZone() {
		assertThat(this.names.parse("EU-1.orders.service.beacon.")).isEqualTo(service(QueryName.Kind.SERVICE, "eu-1"));
		assertThat(this.names.parse("rack.eu.orders.service.beacon."))
			.isEqualTo(service(QueryName.Kind.SERVICE, "rack.eu"));
	}

	@Test
	void namesThatCannotBeServicesAreUnknownWithoutAnyLookup() {
		assertThat(this.names.parse("Orders_1.service.beacon.").kind()).isEqualTo(QueryName.Kind.UNKNOWN);
		assertThat(this.names.parse("_orders._udp.service.beacon.").kind()).isEqualTo(QueryName.Kind.UNKNOWN);
		assertThat(this.names.parse("orders.node.beacon.").kind()).isEqualTo(QueryName.Kind.UNKNOWN);
		assertThat(this.names.parse("0a00000g.addr.beacon.").kind()).isEqualTo(QueryName.Kind.UNKNOWN);
	}

	@Test
	void theDomainAndTheServiceLabelExistWithoutRecordsAndOtherNamesAreOutside() {
		assertThat(this.names.parse("BEACON.").kind()).isEqualTo(QueryName.Kind.APEX);
		assertThat(this.names.parse("service.beacon.").kind()).isEqualTo(QueryName.Kind.EMPTY);
		assertThat(this.names.parse("orders.service.beacon.example.").kind()).isEqualTo(QueryName.Kind.OUTSIDE);
		assertThat(this.names.parse("notbeacon.").kind()).isEqualTo(QueryName.Kind.OUTSIDE);
		assertThat(this.names.parse(".").kind()).isEqualTo(QueryName.Kind.OUTSIDE);
	}

	@Test
	void addressNamesSpellTheirAddressInHex() throws UnknownHostException {
		byte[] v4 = { 10, 0, 0, 7 };
		assertThat(this.names.addressName(v4)).isEqualTo("0a000007.addr.beacon.");
		assertThat(this.names.parse("0A000007.addr.beacon.").address()).isEqualTo(InetAddress.getByAddress(v4));
		assertThat(this.names.parse("fd000000000000000000000000000001.addr.beacon.").address())
			.isEqualTo(InetAddress.getByName("fd00::1"));
	}

	@Test
	void hostsThatAreNoDnsNamesHaveNone() {
		assertThat(DnsNames.hostName("db-1.example.internal")).isEqualTo("db-1.example.internal.");
		assertThat(DnsNames.hostName("db-1.example.internal.")).isEqualTo("db-1.example.internal.");
		assertThat(DnsNames.hostName("-db")).isNull();
		assertThat(DnsNames.hostName("a".repeat(64))).isNull();
		assertThat(DnsNames.hostName("fe80::1%eth0")).isNull();
	}

	private static QueryName service(QueryName.Kind kind, @Nullable String zone) {
		return new QueryName(kind, "orders", zone, null);
	}

}

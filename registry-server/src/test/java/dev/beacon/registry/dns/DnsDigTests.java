package dev.beacon.registry.dns;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.beacon.client.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DNS interface as BIND's {@code dig} reads it: zones, negative answers with the SOA
 * record, SRV targets' addresses, host names as CNAMEs, truncation over UDP and the same
 * answer whole over TCP, EDNS0's larger UDP answers, and records rotating between answers.
 */
class DnsDigTests {

	private static final String SOA = "beacon. 0 IN SOA ns.beacon. hostmaster.beacon. 1 3600 600 86400 0";

	/** More addresses than fit in 1,232 bytes at 16 bytes each (names compressed), fewer than in 4,096. */
	private static final int LARGE = 100;

	private static DnsTestRegistry registry;

	private static Dig dig;

	@BeforeAll
	static void start() {
		registry = DnsTestRegistry.start();
		dig = new Dig(registry.dnsPort());
		registry.registerMany("large", "10.21.0.", LARGE);
	}

	@AfterAll
	static void stop() {
		registry.close();
	}

	@BeforeEach
	void digInstalled() {
		Dig.assumeInstalled();
	}

	@Test
	void aZoneNarrowsTheAnswerToItsInstances() {
		registry.register("zoned", "zoned-1", "10.20.0.1", 8080, "eu-1", 1);
		registry.register("zoned", "zoned-2", "10.20.0.2", 8080, "eu-1", 1);
		registry.register("zoned", "zoned-3", "10.20.0.3", 8080, "us-2", 1);
		assertThat(dig.query("eu-1.zoned.service.beacon", "A").answerData()).containsExactlyInAnyOrder("10.20.0.1",
				"10.20.0.2");
		assertThat(dig.query("US-2.Zoned.service.beacon", "A").answerData()).containsExactly("10.20.0.3");
		assertThat(dig.query("zoned.service.beacon", "A").answerData()).hasSize(3);
		Dig.Result elsewhere = dig.query("ap-3.zoned.service.beacon", "A");
		assertThat(elsewhere.status()).isEqualTo("NXDOMAIN");
		assertThat(elsewhere.authority()).containsExactly(SOA);
	}

	@Test
	void anUnknownServiceIsNxdomainWithTheSoaRecord() {
		Dig.Result result = dig.query("nobody.service.beacon", "A");
		assertThat(result.status()).isEqualTo("NXDOMAIN");
		assertThat(result.flags()).contains("qr", "aa");
		assertThat(result.answers()).isEmpty();
		assertThat(result.authority()).containsExactly(SOA);
		assertThat(dig.query("what.ever.beacon", "A").status()).isEqualTo("NXDOMAIN");
	}

	@Test
	void aKnownServiceWithoutUpInstancesAnswersNothingWithTheSoaRecord() {
		registry.register("idle", "idle-1", "10.22.0.1", 8080);
		registry.status("idle", "idle-1", InstanceStatus.OUT_OF_SERVICE);
		Dig.Result result = dig.query("idle.service.beacon", "A");
		assertThat(result.status()).isEqualTo("NOERROR");
		assertThat(result.answers()).isEmpty();
		assertThat(result.authority()).containsExactly(SOA);
	}

	@Test
	void namesOutsideTheDomainAreRefused() {
		assertThat(dig.query("example.com", "A").status()).isEqualTo("REFUSED");
	}

	@Test
	void theDomainAnswersItsSoaRecordAndOtherTypesOfExistingNamesNothing() {
		assertThat(dig.query("beacon", "SOA").answers()).containsExactly(SOA);
		registry.register("typed", "typed-1", "10.23.0.1", 8080);
		Dig.Result txt = dig.query("typed.service.beacon", "TXT");
		assertThat(txt.status()).isEqualTo("NOERROR");
		assertThat(txt.answers()).isEmpty();
		assertThat(dig.query("typed.service.beacon", "ANY").answerData()).containsExactly("10.23.0.1");
	}

	@Test
	void srvRecordsComeWithTheirTargetsAddresses() {
		registry.register("pay", "pay-1", "10.24.0.1", 9090, null, 5);
		Dig.Result result = dig.query("_pay._tcp.service.beacon", "SRV");
		assertThat(result.answerData()).containsExactly("1 5 9090 0a180001.addr.beacon.");
		assertThat(result.additional()).containsExactly("0a180001.addr.beacon. 0 IN A 10.24.0.1");
	}

	@Test
	void hostNamesAreAnsweredAsCnamesAndIpv6AddressesAsAaaa() {
		registry.register("named", "named-1", "db-1.example.internal", 5432);
		assertThat(dig.query("named.service.beacon", "A").answers())
			.containsExactly("named.service.beacon. 0 IN CNAME db-1.example.internal.");
		assertThat(dig.query("named.service.beacon", "SRV").answerData())
			.containsExactly("1 1 5432 db-1.example.internal.");
		registry.register("six", "six-1", "fd00::1", 8080);
		assertThat(dig.query("six.service.beacon", "AAAA").answerData()).containsExactly("fd00::1");
		assertThat(dig.query("six.service.beacon", "A").answers()).isEmpty();
	}

	@Test
	void anAnswerTooLargeForUdpIsTruncatedAndComesWholeOverTcp() {
		Dig.Result truncated = dig.query("large.service.beacon", "A", "+noedns", "+ignore");
		assertThat(truncated.flags()).contains("tc");
		assertThat(truncated.answers()).isNotEmpty().hasSizeLessThan(LARGE);
		Dig.Result retried = dig.query("large.service.beacon", "A", "+noedns");
		assertThat(retried.output()).contains("Truncated, retrying in TCP mode");
		assertThat(retried.flags()).doesNotContain("tc");
		assertThat(retried.answers()).hasSize(LARGE);
		assertThat(dig.query("large.service.beacon", "A", "+tcp").answers()).hasSize(LARGE);
	}

	@Test
	void edns0LetsALargerAnswerComeOverUdp() {
		Dig.Result small = dig.query("large.service.beacon", "A", "+bufsize=1232", "+ignore");
		assertThat(small.flags()).contains("tc");
		Dig.Result large = dig.query("large.service.beacon", "A", "+bufsize=4096", "+ignore");
		assertThat(large.flags()).doesNotContain("tc");
		assertThat(large.answers()).hasSize(LARGE);
		assertThat(large.udpPayload()).isEqualTo(4096);
	}

	@Test
	void recordsRotateBetweenAnswers() {
		registry.register("rotating", "rotating-1", "10.25.0.1", 8080);
		registry.register("rotating", "rotating-2", "10.25.0.2", 8080);
		registry.register("rotating", "rotating-3", "10.25.0.3", 8080);
		Set<String> firsts = new HashSet<>();
		for (int i = 0; i < 3; i++) {
			List<String> addresses = dig.query("rotating.service.beacon", "A").answerData();
			assertThat(addresses).containsExactlyInAnyOrder("10.25.0.1", "10.25.0.2", "10.25.0.3");
			firsts.add(addresses.get(0));
		}
		assertThat(firsts).hasSize(3);
	}

}

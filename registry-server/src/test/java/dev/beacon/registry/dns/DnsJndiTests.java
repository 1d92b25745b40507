package dev.beacon.registry.dns;

import java.time.Duration;
import java.util.List;

import javax.naming.NameNotFoundException;
import javax.naming.NamingException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.client.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The DNS interface as the JDK's own DNS client (JNDI {@code dns:}) sees it: addresses and SRV
 * records of {@code UP} instances, an unknown service not found, a change seen by the next
 * query, and an answer too large for UDP fetched again over TCP.
 */
class DnsJndiTests {

	private static DnsTestRegistry registry;

	private static DnsTestRegistry other;

	private static JndiDns jndi;

	@BeforeAll
	static void start() {
		// memory answers until the change feed says otherwise; the 1 s default may lapse between two slow queries
		registry = DnsTestRegistry.start("beacon.registry.read-cache.time-to-live=1h");
		other = DnsTestRegistry.startBeside(registry);
		jndi = new JndiDns(registry.dnsPort());
	}

	@AfterAll
	static void stop() {
		other.close();
		registry.close();
	}

	@Test
	void aServiceNameAnswersTheAddressesOfItsUpInstances() throws NamingException {
		registry.register("web", "web-1", "10.10.0.1", 8080);
		registry.register("web", "web-2", "10.10.0.2", 8080);
		registry.register("web", "web-3", "10.10.0.3", 8080);
		registry.status("web", "web-3", InstanceStatus.DOWN);
		assertThat(lookup("web.service.beacon", "A")).containsExactlyInAnyOrder("10.10.0.1", "10.10.0.2");
	}

	@Test
	void srvRecordsCarryWeightPortAndTargetsThatResolve() throws NamingException {
		registry.register("api", "api-1", "10.11.0.1", 8081, null, 3);
		registry.register("api", "api-2", "10.11.0.2", 8082, null, 1);
		assertThat(lookup("_api._tcp.service.beacon", "SRV")).containsExactlyInAnyOrder(
				"1 3 8081 0a0b0001.addr.beacon.", "1 1 8082 0a0b0002.addr.beacon.");
		assertThat(lookup("api.service.beacon", "SRV")).containsExactlyInAnyOrder("1 3 8081 0a0b0001.addr.beacon.",
				"1 1 8082 0a0b0002.addr.beacon.");
		assertThat(lookup("0a0b0001.addr.beacon", "A")).containsExactly("10.11.0.1");
	}

	@Test
	void namesAreCaseInsensitive() throws NamingException {
		registry.register("cased", "cased-1", "10.12.0.1", 8080);
		assertThat(lookup("CaSeD.SeRvIcE.BeAcOn", "A")).containsExactly("10.12.0.1");
	}

	@Test
	void anUnknownServiceIsNotFound() {
		assertThatExceptionOfType(NameNotFoundException.class)
			.isThrownBy(() -> lookup("nobody.service.beacon", "A"));
		assertThatExceptionOfType(NameNotFoundException.class)
			.isThrownBy(() -> lookup("something.else.beacon", "A"));
	}

	@Test
	void aChangeThroughThisServerIsSeenByTheNextQuery() throws NamingException {
		registry.register("moving", "moving-1", "10.13.0.1", 8080);
		assertThat(lookup("moving.service.beacon", "A")).containsExactly("10.13.0.1");
		registry.register("moving", "moving-2", "10.13.0.2", 8080);
		assertThat(lookup("moving.service.beacon", "A")).containsExactlyInAnyOrder("10.13.0.1", "10.13.0.2");
		registry.status("moving", "moving-1", InstanceStatus.DOWN);
		assertThat(lookup("moving.service.beacon", "A")).containsExactly("10.13.0.2");
		registry.deregister("moving", "moving-2");
		assertThat(lookup("moving.service.beacon", "A")).isEmpty();
		registry.deregister("moving", "moving-1");
		assertThatExceptionOfType(NameNotFoundException.class)
			.isThrownBy(() -> lookup("moving.service.beacon", "A"));
	}

	@Test
	void aChangeThroughAnotherServerIsSeenOnceTheChangeFeedHasIt() throws NamingException {
		other.register("elsewhere", "elsewhere-1", "10.14.0.1", 8080);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(lookup("elsewhere.service.beacon", "A")).containsExactly("10.14.0.1"));
		other.register("elsewhere", "elsewhere-2", "10.14.0.2", 8080);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(lookup("elsewhere.service.beacon", "A"))
				.containsExactlyInAnyOrder("10.14.0.1", "10.14.0.2"));
		other.status("elsewhere", "elsewhere-1", InstanceStatus.DOWN);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(lookup("elsewhere.service.beacon", "A")).containsExactly("10.14.0.2"));
	}

	@Test
	void repeatedQueriesOfAnUnchangedServiceAreAnsweredFromMemory() throws NamingException {
		// the service is read while it has no instance, until that answer is kept in memory...
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			double before = cacheHits();
			assertThatExceptionOfType(NameNotFoundException.class)
				.isThrownBy(() -> lookup("steady.service.beacon", "A"));
			return cacheHits() > before;
		});
		// ...then registered through the other server: this one answers it only once its change feed
		// has the registration, so no event of it is still to come while the queries are counted
		other.register("steady", "steady-1", "10.15.0.1", 8080);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(lookup("steady.service.beacon", "A")).containsExactly("10.15.0.1"));
		double hitsBefore = cacheHits();
		for (int i = 0; i < 10; i++) {
			assertThat(lookup("steady.service.beacon", "A")).containsExactly("10.15.0.1");
		}
		assertThat(cacheHits() - hitsBefore).isGreaterThanOrEqualTo(10);
	}

	/** The JDK's client sends no EDNS0: it takes 512 bytes over UDP, then asks again over TCP. */
	@Test
	void anAnswerTooLargeForUdpComesWholeOverTcp() throws NamingException {
		List<String> addresses = registry.registerMany("large", "10.16.0.", 40);
		assertThat(lookup("large.service.beacon", "A")).containsExactlyInAnyOrderElementsOf(addresses);
	}

	private static double cacheHits() {
		return registry.meters()
			.find("cache.gets")
			.tag("cache", "service-documents")
			.tag("result", "hit")
			.functionCounter()
			.count();
	}

	private static List<String> lookup(String name, String type) throws NamingException {
		return jndi.lookup(name, type);
	}

}

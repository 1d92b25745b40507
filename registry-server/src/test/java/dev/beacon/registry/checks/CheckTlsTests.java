package dev.beacon.registry.checks;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.client.InstanceStatus;
import dev.beacon.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * HTTP checks of an instance registered as secure go over HTTPS and verify its certificate:
 * against the authority of the SSL bundle that {@code beacon.registry.checks.ssl-bundle} names,
 * or the JVM's default trust, which does not know a private authority, so the check fails. The
 * certificates are made by the test.
 */
class CheckTlsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String SECURE_CHECK = ",\"secure\":true,\"check\":{\"http\":\"/health\",\"interval\":\"300ms\","
			+ "\"timeout\":\"300ms\"}}";

	private static TestCertificates certificates;

	private static HealthTarget target;

	@BeforeAll
	static void start() throws Exception {
		certificates = TestCertificates.generate();
		target = HealthTarget.startHttps(serverTls());
	}

	@AfterAll
	static void stop() {
		target.close();
	}

	@Test
	void aRegistryTrustingTheInstancesAuthorityFindsItHealthy() {
		try (CheckTestRegistry registry = CheckTestRegistry.start(CheckTestRegistry.newPrefix(),
				"beacon.registry.checks.ssl-bundle=checks",
				"spring.ssl.bundle.jks.checks.truststore.location=file:" + certificates.trustStore(),
				"spring.ssl.bundle.jks.checks.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.checks.truststore.type=PKCS12")) {
			int before = target.requestCount();
			registry.register("tls", "tls-1", "{\"host\":\"127.0.0.1\",\"port\":" + target.port() + SECURE_CHECK);
			await().atMost(TIMEOUT).until(() -> registry.instance("tls", "tls-1").status() == InstanceStatus.UP);
			assertThat(target.requestCount()).isGreaterThan(before);
		}
	}

	@Test
	void aRegistryThatDoesNotTrustTheInstancesAuthorityFindsItDown() {
		try (CheckTestRegistry registry = CheckTestRegistry.start(CheckTestRegistry.newPrefix())) {
			int before = target.requestCount();
			registry.register("untrusted", "untrusted-1",
					"{\"host\":\"127.0.0.1\",\"port\":" + target.port() + ",\"status\":\"UP\"" + SECURE_CHECK);
			await().atMost(TIMEOUT)
				.until(() -> registry.instance("untrusted", "untrusted-1").status() == InstanceStatus.DOWN);
			// the handshake failed: no request reached the health endpoint
			assertThat(target.requestCount()).isEqualTo(before);
		}
	}

	@Test
	void aBundleThatDoesNotExistFailsTheStartNamingTheProperty() {
		assertThatException()
			.isThrownBy(() -> CheckTestRegistry.start(CheckTestRegistry.newPrefix(),
					"beacon.registry.checks.ssl-bundle=missing").close())
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("beacon.registry.checks.ssl-bundle", "missing"));
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

	private static SSLContext serverTls() throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(certificates.serverKeyStore())) {
			keys.load(in, TestCertificates.PASSWORD.toCharArray());
		}
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(keys, TestCertificates.PASSWORD.toCharArray());
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(factory.getKeyManagers(), null, null);
		return tls;
	}

}

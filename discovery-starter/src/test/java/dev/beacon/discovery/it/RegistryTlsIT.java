package dev.beacon.discovery.it;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.RedisServers;
import dev.beacon.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The starter on a registry that serves HTTPS only, with certificates a test authority signed:
 * trusted through an SSL bundle it registers, watches and discovers; trusting nothing of the
 * kind, or without a client certificate where the registry asks for one, it is refused.
 */
class RegistryTlsIT {

	private static TestCertificates certificates;

	private RegistryServer registry;

	private ConfigurableApplicationContext app;

	@BeforeAll
	static void makeCertificates() {
		certificates = TestCertificates.generate();
	}

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
		if (this.registry != null) {
			this.registry.close();
		}
	}

	@Test
	void applicationTrustingTheAuthorityRegistersAndDiscoversOverHttps() {
		this.registry = new RegistryServer(RedisServers.shared(), "tls" + System.nanoTime(), "registry-tls")
			.startWithTls(certificates);

		this.app = TestApps.greeting(this.registry.url(), trusting());

		String id = TestApps.instanceId(this.app);
		DiscoveryClient discovery = this.app.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> discovery.getInstances("greeting").stream().anyMatch((instance) -> instance.getInstanceId()
				.equals(id)));
	}

	@Test
	void applicationThatDoesNotTrustTheAuthorityIsRefused() {
		this.registry = new RegistryServer(RedisServers.shared(), "tls" + System.nanoTime(), "registry-tls")
			.startWithTls(certificates);

		Throwable failure = catchThrowable(
				() -> this.app = TestApps.greeting(this.registry.url(), "beacon.discovery.fail-fast=true"));

		assertThat(causes(failure).toList()).anyMatch(SSLHandshakeException.class::isInstance);
	}

	@Test
	void withMutualTlsOnlyAnApplicationPresentingACertificateOfTheAuthorityGetsThrough() {
		this.registry = new RegistryServer(RedisServers.shared(), "mtls" + System.nanoTime(), "registry-mtls")
			.startWithTls(certificates, "--server.ssl.client-auth=need");

		Throwable refused = catchThrowable(() -> this.app = TestApps.greeting(this.registry.url(),
				Stream.concat(Stream.of("beacon.discovery.fail-fast=true"), Stream.of(trusting())).toArray(String[]::new)));
		assertThat(refused).as("without a client certificate").isNotNull();

		List<String> withCertificate = Stream.concat(Stream.of(trusting()),
				Stream.of("spring.ssl.bundle.jks.beacon.keystore.location=file:" + certificates.clientKeyStore(),
						"spring.ssl.bundle.jks.beacon.keystore.password=" + TestCertificates.PASSWORD,
						"spring.ssl.bundle.jks.beacon.keystore.type=PKCS12", "beacon.discovery.fail-fast=true"))
			.toList();
		this.app = TestApps.greeting(this.registry.url(), withCertificate.toArray(String[]::new));
		String id = TestApps.instanceId(this.app);
		DiscoveryClient discovery = this.app.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> discovery.getInstances("greeting").stream().anyMatch((instance) -> instance.getInstanceId()
				.equals(id)));
	}

	/** The settings of an application whose bundle trusts the test authority. */
	private static String[] trusting() {
		return new String[] { "beacon.discovery.ssl.bundle=beacon",
				"spring.ssl.bundle.jks.beacon.truststore.location=file:" + certificates.trustStore(),
				"spring.ssl.bundle.jks.beacon.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.beacon.truststore.type=PKCS12" };
	}

	private static Stream<Throwable> causes(Throwable failure) {
		return Stream.iterate(failure, (cause) -> cause != null, Throwable::getCause);
	}

}

package dev.beacon.gateway;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway reaches an instance that registered as secure over HTTPS, trusting it through
 * Spring Cloud Gateway's own {@code httpclient.ssl.ssl-bundle}, which the gateway's tuned HTTP
 * client keeps (stock Spring Cloud Gateway's own client reads it itself); a gateway that does not
 * trust the instance's authority gets no answer from it (the handshake fails: PKIX). And with a
 * registry serving HTTPS only, the gateway and an instance register, watch and route through it,
 * trusting it through {@code beacon.discovery.ssl.bundle}. Certificates are made by the test.
 */
class GatewayTlsIT {

	private static TestCertificates certificates;

	private static Platform platform;

	private static Platform.Instance instance;

	@BeforeAll
	static void start() {
		certificates = TestCertificates.generate();
		platform = new Platform().startRegistry();
		instance = platform.startInstance("secured", "beacon.discovery.secure=true", "server.ssl.bundle=instance",
				"spring.ssl.bundle.jks.instance.keystore.location=file:" + certificates.serverKeyStore(),
				"spring.ssl.bundle.jks.instance.keystore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.instance.keystore.type=PKCS12");
		await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
			.until(() -> platform.upInstances("secured").equals(List.of(instance.id())));
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@Test
	void aGatewayTrustingTheInstancesAuthorityRoutesToItOverHttps() {
		Platform.Gateway gateway = platform.startGateway("spring.cloud.gateway.server.webflux.httpclient.ssl.ssl-bundle=instances",
				"spring.ssl.bundle.jks.instances.truststore.location=file:" + certificates.trustStore(),
				"spring.ssl.bundle.jks.instances.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.instances.truststore.type=PKCS12");
		gateway.awaitReady();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> platform.get(gateway.url() + "/secured/hello").statusCode() == 200);
		assertThat(Platform.instanceOf(platform.get(gateway.url() + "/secured/hello"))).isEqualTo(instance.id());
		// Tomcat closes a connection after 100 requests: every request is answered across new ones
		for (int i = 0; i < 1000; i++) {
			assertThat(platform.get(gateway.url() + "/secured/hello").statusCode()).as("request %d", i).isEqualTo(200);
		}
	}

	@Test
	void aGatewayAndAnInstanceFindEachOtherThroughARegistryServingHttps() {
		try (Platform secured = Platform.withTls(certificates).startRegistry()) {
			Platform.Instance greeting = secured.startInstance("greeting");
			Platform.Gateway gateway = secured.startGateway();
			greeting.awaitReady();
			gateway.awaitReady();
			assertThat(secured.registryUrl()).startsWith("https://");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> secured.get(gateway.url() + "/greeting/hello").statusCode() == 200);
			assertThat(Platform.instanceOf(secured.get(gateway.url() + "/greeting/hello"))).isEqualTo(greeting.id());
		}
	}

	@Test
	void aGatewayThatDoesNotTrustTheInstanceGetsNoAnswerFromIt() {
		Platform.Gateway gateway = platform.startGateway();
		gateway.awaitReady();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> platform.get(gateway.url() + "/secured/hello").statusCode() != 404);
		assertThat(platform.get(gateway.url() + "/secured/hello").statusCode()).isGreaterThanOrEqualTo(500);
	}

}

package dev.beacon.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.beacon.testsupport.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Mutual TLS as a way to authenticate: a token may name the subject of a client certificate,
 * and a client presenting that certificate (verified by the server's TLS against its trust
 * store) is that token's caller without a bearer token, with its roles and scopes. A client
 * without a certificate still needs a token, as does one whose certificate an unknown authority
 * signed. Certificates are made by the test.
 */
class ClientCertificateTests {

	private static TestCertificates certificates;

	private static TestRegistry registry;

	@BeforeAll
	static void start() {
		certificates = TestCertificates.generate();
		registry = TestRegistry.start(TestRegistry.newPrefix(), tls("beacon.registry.security.tokens[1].name=orders-app",
				"beacon.registry.security.tokens[1].client-certificate=CN=beacon-test-client",
				"beacon.registry.security.tokens[1].roles=read,write",
				"beacon.registry.security.tokens[1].services=orders"));
	}

	@AfterAll
	static void stop() {
		registry.close();
	}

	@Test
	void aClientPresentingTheNamedCertificateIsItsTokensCaller() throws Exception {
		HttpClient client = client(certificates.clientKeyStore());
		assertThat(send(client, "GET", "/v1/services", null).statusCode()).isEqualTo(200);
		assertThat(send(client, "PUT", "/v1/services/orders/instances/orders-1", "{\"host\":\"10.9.0.1\",\"port\":8080}")
			.statusCode()).isEqualTo(201);
		HttpResponse<String> outOfScope = send(client, "PUT", "/v1/services/payments/instances/payments-1",
				"{\"host\":\"10.9.0.2\",\"port\":8080}");
		assertThat(outOfScope.statusCode()).isEqualTo(403);
		assertThat(outOfScope.body()).contains("orders-app", "payments");
	}

	@Test
	void aClientWithoutACertificateStillNeedsAToken() throws Exception {
		assertThat(send(client(null), "GET", "/v1/services", null).statusCode()).isEqualTo(401);
	}

	@Test
	void aCertificateOfAnUnknownAuthorityCountsForNothing() throws Exception {
		// the server asks for a certificate of its authorities; one of another is not even offered
		assertThat(send(client(certificates.strangerKeyStore()), "GET", "/v1/services", null).statusCode())
			.isEqualTo(401);
	}

	@Test
	void aSubjectThatIsNoX500NameFailsTheStartNamingTheProperty() {
		assertThatException()
			.isThrownBy(() -> TestRegistry.start(TestRegistry.newPrefix(),
					tls("beacon.registry.security.tokens[1].client-certificate=not a name",
							"beacon.registry.security.tokens[1].roles=read"))
				.close())
			.satisfies((ex) -> assertThat(messages(ex)).contains("tokens[1].client-certificate"));
	}

	private static String[] tls(String... more) {
		String[] base = { "server.ssl.bundle=registry", "server.ssl.client-auth=want",
				"spring.ssl.bundle.jks.registry.keystore.location=file:" + certificates.serverKeyStore(),
				"spring.ssl.bundle.jks.registry.keystore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.registry.keystore.type=PKCS12",
				"spring.ssl.bundle.jks.registry.truststore.location=file:" + certificates.trustStore(),
				"spring.ssl.bundle.jks.registry.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.registry.truststore.type=PKCS12" };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	private static HttpResponse<String> send(HttpClient client, String method, String path, @Nullable String json)
			throws IOException, InterruptedException {
		String port = registry.context().getEnvironment().getRequiredProperty("local.server.port");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, (json != null) ? HttpRequest.BodyPublishers.ofString(json) : HttpRequest.BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return client.send(request.build(), BodyHandlers.ofString());
	}

	/** A client trusting the test authority, presenting the key store's certificate if one is given. */
	private static HttpClient client(@Nullable Path keyStore) {
		return HttpClient.newBuilder()
			.sslContext(certificates.clientContext(keyStore))
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	private static String messages(Throwable ex) {
		StringBuilder all = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			all.append(cause.getMessage()).append('\n');
			if (cause.getCause() == cause) {
				break;
			}
		}
		return all.toString();
	}

}

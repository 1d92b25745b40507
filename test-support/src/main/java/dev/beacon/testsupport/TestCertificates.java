package dev.beacon.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * Real certificates for tests of TLS, made by the JDK's own {@code keytool}: a certificate
 * authority, a server certificate it signed for {@code localhost} and {@code 127.0.0.1}, a
 * client certificate it signed, a trust store holding only the authority, and an authority
 * nobody trusts with a certificate of its own. Every store is PKCS#12 with the password
 * {@link #PASSWORD}.
 *
 * @param directory where the stores are
 */
public record TestCertificates(Path directory) {

	/** The password of every store and key. */
	public static final String PASSWORD = "changeit";

	/**
	 * Makes the authority and the certificates in a new temporary directory.
	 * @return the certificates
	 * @throws IllegalStateException when keytool fails
	 */
	public static TestCertificates generate() {
		try {
			Path directory = Files.createTempDirectory("beacon-certificates-");
			directory.toFile().deleteOnExit();
			TestCertificates certificates = new TestCertificates(directory);
			certificates.authority("ca", "CN=Beacon Test CA");
			certificates.signed("server", "CN=localhost", "ca", "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth");
			certificates.signed("client", "CN=beacon-test-client", "ca", "EKU=clientAuth");
			certificates.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", certificates.pem("ca").toString(),
					"-keystore", certificates.trustStore().toString());
			certificates.authority("stranger-ca", "CN=Nobody Trusts This CA");
			certificates.signed("stranger", "CN=localhost", "stranger-ca", "SAN=dns:localhost,ip:127.0.0.1");
			certificates.directory.toFile().listFiles((file) -> {
				file.deleteOnExit();
				return false;
			});
			return certificates;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not make test certificates", ex);
		}
	}

	/** The server's key and certificate chain, for {@code localhost} and {@code 127.0.0.1}. */
	public Path serverKeyStore() {
		return store("server");
	}

	/** A client's key and certificate chain, signed by the authority. */
	public Path clientKeyStore() {
		return store("client");
	}

	/** Trusts the authority alone. */
	public Path trustStore() {
		return this.directory.resolve("truststore.p12");
	}

	/** A key and certificate for {@code localhost} that an authority nobody trusts signed. */
	public Path strangerKeyStore() {
		return store("stranger");
	}

	/**
	 * A client's TLS: trusts the authority alone, and presents a key store's certificate when
	 * one is given.
	 * @param keyStore the client's key and certificate, such as {@link #clientKeyStore()}; or
	 * {@code null} to present none
	 * @return the context
	 */
	public SSLContext clientContext(@Nullable Path keyStore) {
		try {
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(load(trustStore()));
			KeyManager[] keys = null;
			if (keyStore != null) {
				KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				factory.init(load(keyStore), PASSWORD.toCharArray());
				keys = factory.getKeyManagers();
			}
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(keys, trust.getTrustManagers(), null);
			return tls;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not build a TLS context of the test certificates", ex);
		}
	}

	private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	private Path store(String name) {
		return this.directory.resolve(name + ".p12");
	}

	private Path pem(String name) {
		return this.directory.resolve(name + ".pem");
	}

	private void authority(String name, String subject) {
		keytool("-genkeypair", "-alias", name, "-dname", subject, "-ext", "bc:c", "-keyalg", "EC", "-groupname",
				"secp256r1", "-validity", "2", "-keystore", store(name).toString());
		keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store(name).toString(), "-file",
				pem(name).toString());
	}

	private void signed(String name, String subject, String authority, String... extensions) {
		Path csr = this.directory.resolve(name + ".csr");
		keytool("-genkeypair", "-alias", name, "-dname", subject, "-keyalg", "EC", "-groupname", "secp256r1",
				"-validity", "2", "-keystore", store(name).toString());
		keytool("-certreq", "-alias", name, "-keystore", store(name).toString(), "-file", csr.toString());
		List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", authority, "-keystore",
				store(authority).toString(), "-infile", csr.toString(), "-outfile", pem(name).toString(), "-validity",
				"2"));
		for (String extension : extensions) {
			gencert.add("-ext");
			gencert.add(extension);
		}
		keytool(gencert.toArray(String[]::new));
		keytool("-importcert", "-noprompt", "-alias", authority, "-file", pem(authority).toString(), "-keystore",
				store(name).toString());
		keytool("-importcert", "-alias", name, "-file", pem(name).toString(), "-keystore", store(name).toString());
	}

	private void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(arguments));
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
		try {
			Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(keytool.getInputStream().readAllBytes());
			if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
				throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run keytool", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running keytool", ex);
		}
	}

}

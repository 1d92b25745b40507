package dev.beacon.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JavaProcessTests {

	private static final String APP = """
			public class Hello {
				public static void main(String[] args) throws Exception {
					if (args[0].equals("fail")) {
						System.err.println("boom: refusing to start");
						System.exit(3);
					}
					var server = com.sun.net.httpserver.HttpServer.create(
							new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
					server.createContext("/", (exchange) -> {
						exchange.sendResponseHeaders(200, -1);
						exchange.close();
					});
					server.start();
					System.out.println("hello listening on " + args[0]);
				}
			}
			""";

	@TempDir
	static Path dir;

	private static Path jar;

	@BeforeAll
	static void packageApp() throws IOException {
		Path source = Files.writeString(dir.resolve("Hello.java"), APP);
		int status = ToolProvider.getSystemJavaCompiler()
			.run(null, null, null, "-d", dir.toString(), source.toString());
		assertThat(status).isZero();
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
		jar = dir.resolve("hello.jar");
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			jarOut.putNextEntry(new JarEntry("Hello.class"));
			jarOut.write(Files.readAllBytes(dir.resolve("Hello.class")));
			jarOut.closeEntry();
		}
	}

	@Test
	void awaitHttpOkReturnsOnceTheAppAnswersAndStopEndsIt() throws IOException {
		int port = FreePorts.next();
		try (JavaProcess app = JavaProcess.start(jar, "hello-ok", List.of(String.valueOf(port)))) {
			app.awaitHttpOk("http://127.0.0.1:" + port + "/", Duration.ofSeconds(30));
			assertThat(app.isAlive()).isTrue();
			assertThat(app.log()).isEqualTo(Path.of("target", "it-logs", "hello-ok.log"));
			assertThat(Files.readString(app.log(), StandardCharsets.UTF_8)).contains("hello listening on " + port);
			app.stop();
			assertThat(app.isAlive()).isFalse();
			assertThat(ProcessHandle.of(app.pid())).isEmpty();
		}
	}

	@Test
	void killEndsTheApp() {
		int port = FreePorts.next();
		try (JavaProcess app = JavaProcess.start(jar, "hello-kill", List.of(String.valueOf(port)))) {
			app.awaitHttpOk("http://127.0.0.1:" + port + "/", Duration.ofSeconds(30));
			app.kill();
			assertThat(app.isAlive()).isFalse();
		}
	}

	@Test
	void awaitHttpOkFailsWithTheEndOfTheLogWhenTheAppExits() {
		try (JavaProcess app = JavaProcess.start(jar, "hello-fail", List.of("fail"))) {
			assertThatIllegalStateException()
				.isThrownBy(() -> app.awaitHttpOk("http://127.0.0.1:" + FreePorts.next() + "/", Duration.ofSeconds(30)))
				.withMessageContaining("exited with code 3")
				.withMessageContaining("boom: refusing to start");
		}
	}

	@Test
	void awaitHttpOkFailsWhenTheTimeIsUp() {
		try (JavaProcess app = JavaProcess.start(jar, "hello-late", List.of(String.valueOf(FreePorts.next())))) {
			assertThatIllegalStateException()
				.isThrownBy(() -> app.awaitHttpOk("http://127.0.0.1:" + FreePorts.next() + "/", Duration.ofMillis(500)))
				.withMessageContaining("did not answer 2xx");
		}
	}

}

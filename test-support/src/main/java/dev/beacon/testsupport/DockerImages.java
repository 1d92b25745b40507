package dev.beacon.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.jspecify.annotations.Nullable;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * Whether a Docker engine holds the images a container needs, or can pull them now. Asked with
 * plain Engine API calls, before Testcontainers: its own client starts Ryuk, whose pull is
 * retried for two minutes on an engine that reaches no image registry, once in each test JVM.
 */
final class DockerImages {

	private static final Duration PULL_TIMEOUT = Duration.ofSeconds(120);

	private DockerImages() {
	}

	/**
	 * Makes sure the engine holds every image, pulling the missing ones.
	 * @param transport how to reach the engine
	 * @param images the images, such as {@code redis:7-alpine}
	 * @return why one of them is not there, or {@code null} when all are
	 */
	static @Nullable String missing(TransportConfig transport, List<String> images) {
		try (DockerHttpClient engine = new ZerodepDockerHttpClient.Builder().dockerHost(transport.getDockerHost())
			.sslConfig(transport.getSslConfig())
			.connectionTimeout(Duration.ofSeconds(5))
			.responseTimeout(PULL_TIMEOUT)
			.build()) {
			for (String image : images) {
				if (held(engine, image)) {
					continue;
				}
				String pull = pull(engine, image);
				if (!held(engine, image)) {
					return "the Docker engine has no " + image + " and could not pull it (" + pull + ")";
				}
			}
			return null;
		}
		catch (IOException | RuntimeException ex) {
			return "the Docker engine could not be asked for its images (" + ex + ")";
		}
	}

	private static boolean held(DockerHttpClient engine, String image) throws IOException {
		Request inspect = Request.builder().method(Request.Method.GET).path("/images/" + image + "/json").build();
		try (DockerHttpClient.Response response = engine.execute(inspect)) {
			return response.getStatusCode() == 200;
		}
	}

	/** Pulls the image; the engine reports most failures only in the streamed body. */
	private static String pull(DockerHttpClient engine, String image) throws IOException {
		Request create = Request.builder()
			.method(Request.Method.POST)
			.path("/images/create?fromImage=" + URLEncoder.encode(image, StandardCharsets.UTF_8))
			.build();
		try (DockerHttpClient.Response response = engine.execute(create); InputStream body = response.getBody()) {
			String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
			int error = text.lastIndexOf("\"message\"");
			if (error < 0) {
				error = text.lastIndexOf("\"error\"");
			}
			return "HTTP " + response.getStatusCode() + ((error >= 0) ? ": " + text.substring(error).strip() : "");
		}
	}

}

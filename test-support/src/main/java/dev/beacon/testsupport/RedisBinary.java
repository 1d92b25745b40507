package dev.beacon.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;

/**
 * A {@code redis-server} executable: the one on the {@code PATH}, else the one embedded-redis
 * ships for this platform, extracted once per JVM to a temporary directory.
 *
 * @param path the executable
 * @param origin where it came from, for log lines and messages
 */
record RedisBinary(Path path, String origin) {

	private static final String NAME = "redis-server";

	private static @Nullable RedisBinary located;

	@Override
	public String toString() {
		return origin + " " + path;
	}

	/**
	 * Return the {@code redis-server} to run, looking it up on the first call.
	 * @return the binary
	 * @throws IllegalStateException if there is none on the PATH and none embedded for this
	 * platform
	 */
	static synchronized RedisBinary locate() {
		if (located == null) {
			located = onPath().map((path) -> new RedisBinary(path, NAME + " on the PATH"))
				.orElseGet(RedisBinary::embedded);
		}
		return located;
	}

	private static Optional<Path> onPath() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator))
			.filter((dir) -> !dir.isBlank())
			.map((dir) -> Path.of(dir, NAME))
			.filter((candidate) -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
			.findFirst();
	}

	private static RedisBinary embedded() {
		try {
			File file = ExecutableProvider.newJarResourceProvider().get();
			return new RedisBinary(file.toPath(), "embedded-redis binary");
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("No " + NAME + " on the PATH and embedded-redis has none for "
					+ System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + ex, ex);
		}
	}

}

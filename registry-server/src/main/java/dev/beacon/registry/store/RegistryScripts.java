package dev.beacon.registry.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts that change and read the registry, each one Redis call. Changes answer with a
 * table of strings; reads with one string, an element per line (see {@link RedisInstanceStore}). Every script is the
 * shared library ({@code lib.lua}) followed by its own body.
 */
public final class RegistryScripts {

	final RedisScript<List> register = table("register");

	final RedisScript<String> renew = text("renew");

	final RedisScript<List> renewBatch = table("renew-batch");

	final RedisScript<List> deregister = table("deregister");

	final RedisScript<List> evict = table("evict");

	final RedisScript<String> readService = text("read-service");

	final RedisScript<String> snapshot = text("snapshot");

	final RedisScript<String> snapshotStart = text("snapshot-start");

	final RedisScript<Long> holdsAllAfter = RedisScript.of(load("holds-all-after"), Long.class);

	/**
	 * One of the registry's scripts, for work kept outside this package that changes the
	 * registry by the same rules (the shared library's).
	 * @param name the script's name, without {@code .lua}
	 * @param type the type of its reply
	 * @param <T> the type of its reply
	 * @return the script
	 */
	public static <T> RedisScript<T> script(String name, Class<T> type) {
		return RedisScript.of(load(name), type);
	}

	private static RedisScript<String> text(String name) {
		return RedisScript.of(load(name), String.class);
	}

	/** A script whose reply is a table of strings. */
	private static RedisScript<List> table(String name) {
		return RedisScript.of(load(name), List.class);
	}

	private static String load(String name) {
		try {
			return read("lib") + "\n" + read(name);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read registry script " + name, ex);
		}
	}

	private static String read(String name) throws IOException {
		return new ClassPathResource("scripts/" + name + ".lua").getContentAsString(StandardCharsets.UTF_8);
	}

}

package dev.beacon.registry.dns;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * BIND's {@code dig}, run against the DNS interface: an independent client that reports the
 * response's code, flags and sections as it read them. Tests that use it are skipped where it
 * is not installed (Debian's {@code dnsutils}).
 */
final class Dig {

	private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");

	private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

	private static final Pattern UDP = Pattern.compile("; EDNS: version: \\d+, flags:[a-z ]*; udp: (\\d+)");

	private final int port;

	Dig(int port) {
		this.port = port;
	}

	static void assumeInstalled() {
		String path = System.getenv("PATH");
		boolean installed = path != null && List.of(path.split(File.pathSeparator))
			.stream()
			.anyMatch((dir) -> new File(dir, "dig").canExecute());
		assumeTrue(installed, "dig is not on the PATH (Debian: apt-get install dnsutils)");
	}

	/**
	 * @param name the name to query
	 * @param type the record type
	 * @param options more of dig's options, such as {@code +tcp} or {@code +noedns}
	 * @return the response as dig read it
	 */
	Result query(String name, String type, String... options) {
		List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(this.port),
				"+time=3", "+tries=1", name, type));
		command.addAll(List.of(options));
		String output = run(command);
		Matcher status = STATUS.matcher(output);
		assertThat(status.find()).as("dig answered: %s", output).isTrue();
		Matcher flags = FLAGS.matcher(output);
		assertThat(flags.find()).as(output).isTrue();
		Matcher udp = UDP.matcher(output);
		return new Result(status.group(1), Set.of(flags.group(1).trim().split(" ")), section(output, "ANSWER"),
				section(output, "AUTHORITY"), section(output, "ADDITIONAL"), udp.find() ? Integer.parseInt(udp.group(1)) : 0,
				output);
	}

	private static List<String> section(String output, String name) {
		List<String> records = new ArrayList<>();
		int start = output.indexOf(";; " + name + " SECTION:\n");
		if (start < 0) {
			return records;
		}
		for (String line : output.substring(start).split("\n", -1)) {
			if (line.isBlank()) {
				break;
			}
			if (!line.startsWith(";")) {
				records.add(String.join(" ", line.trim().split("\\s+")));
			}
		}
		return records;
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param status the response code, such as {@code NOERROR}
	 * @param flags the header's flags, such as {@code qr}, {@code aa}, {@code tc}
	 * @param answers the answer section's records, fields separated by one space
	 * @param authority the authority section's records
	 * @param additional the additional section's records, without the OPT pseudo-record
	 * @param udpPayload the payload size of the response's OPT record, 0 without one
	 * @param output all dig printed
	 */
	record Result(String status, Set<String> flags, List<String> answers, List<String> authority,
			List<String> additional, int udpPayload, String output) {

		/** The data of each answer record: what follows name, TTL, class and type. */
		List<String> answerData() {
			return this.answers.stream().map((record) -> record.split(" ", 5)[4]).toList();
		}

	}

}

package dev.beacon.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}) and resident set size
 * of another JVM on this machine.
 */
final class JvmMemory {

	private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

	private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

	private JvmMemory() {
	}

	/** Megabytes of heap in use after a full GC, or -1 when jcmd could not tell. */
	static double heapAfterGcMb(long pid) {
		jcmd(pid, "GC.run");
		Matcher matcher = USED.matcher(jcmd(pid, "GC.heap_info"));
		return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024.0 : -1;
	}

	/** Megabytes of resident memory, or -1 when /proc does not tell. */
	static double rssMb(long pid) {
		try {
			Matcher matcher = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
			return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024.0 : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static String jcmd(long pid, String command) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
					Long.toString(pid), command)
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			return output;
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

}

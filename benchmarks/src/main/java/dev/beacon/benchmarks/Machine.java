package dev.beacon.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the benchmark ran on: cores, CPU model, memory, Java, nginx.
 */
final class Machine {

	private Machine() {
	}

	static void describe(Report report) {
		report.machine("cores (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
		report.machine("CPU", cpuinfo("model name").orElse("unknown"));
		report.machine("memory", meminfo());
		report.machine("java", output(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-version")).lines().findFirst().orElse("?") + " (" + System.getProperty("java.vm.name") + " "
				+ System.getProperty("java.vm.version") + ")");
		report.machine("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		report.machine("nginx", nginx().map((nginx) -> output(List.of(nginx.toString(), "-v")).trim())
			.orElse("nginx absent"));
	}

	/** The 1, 5 and 15 minute load averages from /proc/loadavg. */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	/** The nginx binary on the PATH (or in /usr/sbin, where Debian puts it). */
	static Optional<Path> nginx() {
		String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin";
		for (String dir : path.split(":")) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	private static Optional<String> cpuinfo(String key) {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith(key))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static String meminfo() {
		try {
			return Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB")
				.findFirst()
				.orElse("?");
		}
		catch (IOException ex) {
			return "?";
		}
	}

	static String output(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			return out;
		}
		catch (IOException ex) {
			return "?";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "?";
		}
	}

}

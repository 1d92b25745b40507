package dev.beacon.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time that the JIT compiler threads of some JVMs (the servers under load) have used,
 * read from {@code /proc}: a server has warmed up once its compilers fall nearly idle, whatever
 * its rate did meanwhile (a rate can stall for seconds while the compiler works through a
 * large method). Zero on a system without {@code /proc}.
 */
final class JitActivity {

	private JitActivity() {
	}

	/** CPU seconds that the compiler threads of these processes have used so far. */
	static double compilerSeconds(long... pids) {
		long ticks = 0;
		for (long pid : pids) {
			try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
				for (Path task : tasks) {
					ticks += compilerTicks(task);
				}
			}
			catch (IOException ex) {
				// gone, or no /proc: nothing to count
			}
		}
		return ticks / ProcessCpu.TICKS_PER_SECOND;
	}

	private static long compilerTicks(Path task) {
		try {
			String name = Files.readString(task.resolve("comm")).trim();
			if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
				return 0;
			}
			return ProcessCpu.ticks(task.resolve("stat"));
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}

package dev.beacon.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user and system) read from Linux's {@code /proc}: of a whole process, or of one of
 * its threads. Zero on a system without {@code /proc}.
 */
final class ProcessCpu {

	/** Linux's clock ticks per second, in which {@code /proc} counts CPU time. */
	static final double TICKS_PER_SECOND = 100;

	private ProcessCpu() {
	}

	/** Microseconds of CPU that the process has used so far, all its threads. */
	static long micros(long pid) {
		return (long) (ticks(Path.of("/proc", Long.toString(pid), "stat")) * 1_000_000 / TICKS_PER_SECOND);
	}

	/** Clock ticks of CPU in a {@code stat} file of {@code /proc} (a process's or a thread's). */
	static long ticks(Path stat) {
		try {
			String line = Files.readString(stat);
			// fields after the command name, which is in parentheses and may hold spaces
			String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}

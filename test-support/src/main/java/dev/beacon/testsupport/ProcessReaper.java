package dev.beacon.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Kills, when the JVM shuts down, every process this module started and has not stopped yet,
 * with its descendants, so that no {@code redis-server} or application outlives the tests.
 */
final class ProcessReaper {

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);

	private static final Set<Process> live = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "beacon-process-reaper"));
	}

	private ProcessReaper() {
	}

	static void register(Process process) {
		live.add(process);
	}

	static void unregister(Process process) {
		live.remove(process);
	}

	/**
	 * Wait for a process to exit.
	 * @param process the process
	 * @param timeout how long to wait at most
	 * @return whether the process exited in time
	 */
	static boolean awaitExit(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException | ExecutionException ex) {
			return !process.isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return !process.isAlive();
		}
	}

	private static void killAll() {
		List<ProcessHandle> handles = live.stream()
			.flatMap((process) -> Stream.concat(process.descendants(), Stream.of(process.toHandle())))
			.toList();
		handles.forEach(ProcessHandle::destroyForcibly);
		handles.forEach((handle) -> awaitExit(handle, EXIT_TIMEOUT));
	}

}

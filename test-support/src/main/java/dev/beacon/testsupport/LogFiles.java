package dev.beacon.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the end of a process log for failure messages.
 */
final class LogFiles {

	private LogFiles() {
	}

	static String tail(Path log, int lines) {
		try {
			// new String(...) replaces malformed bytes instead of failing like Files.readAllLines
			List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
			List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
			return "--- last " + last.size() + " lines of " + log + " ---" + System.lineSeparator()
					+ String.join(System.lineSeparator(), last);
		}
		catch (IOException ex) {
			return "--- " + log + " unreadable: " + ex + " ---";
		}
	}

}

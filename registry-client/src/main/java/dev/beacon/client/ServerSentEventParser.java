package dev.beacon.client;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code text/event-stream} line by line, as the HTML specification describes:
 * fields {@code id}, {@code event} and {@code data} (several data lines join with a newline),
 * comments start with a colon, and a blank line ends an event. One parser reads one stream: a
 * byte order mark on its first line is skipped. The last id lasts until the server sends
 * another; an empty one means no id, as the specification's empty string does.
 */
final class ServerSentEventParser {

	private final Consumer<Event> events;

	private @Nullable String id;

	private @Nullable String name;

	private final StringBuilder data = new StringBuilder();

	private boolean hasData;

	private boolean firstLine = true;

	ServerSentEventParser(Consumer<Event> events) {
		this.events = events;
	}

	void line(String line) {
		if (this.firstLine) {
			this.firstLine = false;
			if (line.startsWith("\uFEFF")) {
				line = line.substring(1);
			}
		}
		if (line.isEmpty()) {
			dispatch();
			return;
		}
		if (line.startsWith(":")) {
			return;
		}
		int colon = line.indexOf(':');
		String field = (colon >= 0) ? line.substring(0, colon) : line;
		String value = (colon >= 0) ? line.substring(colon + 1) : "";
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		switch (field) {
			case "id" -> {
				if (value.indexOf('\0') < 0) {
					this.id = value.isEmpty() ? null : value;
				}
			}
			case "event" -> this.name = value.isEmpty() ? null : value;
			case "data" -> {
				if (this.hasData) {
					this.data.append('\n');
				}
				this.data.append(value);
				this.hasData = true;
			}
			default -> {
				// retry and unknown fields carry nothing Beacon needs
			}
		}
	}

	private void dispatch() {
		if (this.hasData) {
			this.events.accept(new Event(this.id, (this.name != null) ? this.name : "message", this.data.toString()));
		}
		this.name = null;
		this.data.setLength(0);
		this.hasData = false;
	}

	/**
	 * One event.
	 *
	 * @param id its id, or {@code null}
	 * @param name its name ({@code message} when none was given)
	 * @param data its data
	 */
	record Event(@Nullable String id, String name, String data) {
	}

}

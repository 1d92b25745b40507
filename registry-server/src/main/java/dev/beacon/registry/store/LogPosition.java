package dev.beacon.registry.store;

/**
 * A position in the change log: a Redis Stream entry id, {@code <millis>-<sequence>}, ordered
 * by time and then sequence.
 *
 * @param millis time part of the id
 * @param sequence sequence within the millisecond
 */
public record LogPosition(long millis, long sequence) implements Comparable<LogPosition> {

	/** The position before any event. */
	public static final LogPosition START = new LogPosition(0, 0);

	/**
	 * Parses a stream entry id.
	 * @param id an id such as {@code 1764094659000-0}
	 * @return the position
	 * @throws IllegalArgumentException when the id is not a stream entry id
	 */
	public static LogPosition parse(String id) {
		int dash = id.indexOf('-');
		if (id.isEmpty() || !Character.isDigit(id.charAt(0))) {
			throw new IllegalArgumentException("Not a change log position: '" + id + "'");
		}
		try {
			if (dash < 1) {
				return new LogPosition(Long.parseLong(id), 0);
			}
			return new LogPosition(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a change log position: '" + id + "'");
		}
	}

	@Override
	public int compareTo(LogPosition other) {
		int byMillis = Long.compare(this.millis, other.millis);
		return (byMillis != 0) ? byMillis : Long.compare(this.sequence, other.sequence);
	}

	public boolean isAfter(LogPosition other) {
		return compareTo(other) > 0;
	}

	public boolean isBefore(LogPosition other) {
		return compareTo(other) < 0;
	}

	@Override
	public String toString() {
		return this.millis + "-" + this.sequence;
	}

}

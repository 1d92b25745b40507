package dev.beacon.registry.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a watcher stands in the change log: a position in each partition's stream. Events of
 * one service are in one partition, in order; the partitions' streams are independent.
 *
 * <p>
 * Its text form is the watch stream's event id: the newest position's time in base 36, then
 * per partition, after a dot, how far its time lies behind that (and {@code -sequence} when not
 * zero), or nothing for a partition the watcher has seen no event of. Eight partitions take
 * about forty characters.
 *
 * @param positions one position per partition
 */
public record LogCursor(List<LogPosition> positions) {

	private static final int RADIX = 36;

	public LogCursor {
		positions = List.copyOf(positions);
	}

	/**
	 * The cursor before any event.
	 * @param partitions how many partitions
	 * @return the cursor
	 */
	public static LogCursor start(int partitions) {
		return new LogCursor(Collections.nCopies(partitions, LogPosition.START));
	}

	public LogPosition position(int partition) {
		return this.positions.get(partition);
	}

	public int partitions() {
		return this.positions.size();
	}

	/**
	 * This cursor moved to a position in one partition.
	 * @param partition the partition
	 * @param position the new position there
	 * @return the moved cursor
	 */
	public LogCursor with(int partition, LogPosition position) {
		LogPosition[] moved = this.positions.toArray(new LogPosition[0]);
		moved[partition] = position;
		return new LogCursor(List.of(moved));
	}

	/**
	 * Whether an event lies after this cursor, in its partition.
	 * @param event the event
	 * @return {@code true} when the watcher at this cursor has not had the event yet
	 */
	public boolean isBefore(ChangeEvent event) {
		return event.position().isAfter(position(event.partition()));
	}

	/**
	 * Parses the text form.
	 * @param text an event id given by {@link #toString()}
	 * @param partitions how many partitions the registry has
	 * @return the cursor
	 * @throws IllegalArgumentException when the text is not a cursor of that many partitions
	 */
	public static LogCursor parse(String text, int partitions) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != partitions + 1) {
			throw new IllegalArgumentException("Not a cursor of " + partitions + " partitions: '" + text + "'");
		}
		try {
			long newest = Long.parseLong(parts[0], RADIX);
			List<LogPosition> positions = new ArrayList<>(partitions);
			for (int i = 1; i < parts.length; i++) {
				positions.add(parsePosition(parts[i], newest));
			}
			return new LogCursor(positions);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a cursor: '" + text + "'", ex);
		}
	}

	private static LogPosition parsePosition(String part, long newest) {
		if (part.isEmpty()) {
			return LogPosition.START;
		}
		int dash = part.indexOf('-');
		long behind = Long.parseLong((dash < 0) ? part : part.substring(0, dash), RADIX);
		long sequence = (dash < 0) ? 0 : Long.parseLong(part.substring(dash + 1), RADIX);
		if (behind < 0 || sequence < 0 || behind > newest) {
			throw new NumberFormatException("position out of range: " + part);
		}
		return new LogPosition(newest - behind, sequence);
	}

	/** Written once per watcher for every event it receives: plain loops, no streams. */
	@Override
	public String toString() {
		long newest = 0;
		for (LogPosition position : this.positions) {
			newest = Math.max(newest, position.millis());
		}
		StringBuilder text = new StringBuilder(16 + 6 * this.positions.size()).append(Long.toString(newest, RADIX));
		for (LogPosition position : this.positions) {
			text.append('.');
			if (!position.equals(LogPosition.START)) {
				text.append(Long.toString(newest - position.millis(), RADIX));
				if (position.sequence() != 0) {
					text.append('-').append(Long.toString(position.sequence(), RADIX));
				}
			}
		}
		return text.toString();
	}

}

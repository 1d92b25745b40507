package dev.beacon.registry.store;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.beacon.client.ChangeType;
import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogCursorTests {

	@Test
	void textFormReadsBackAsTheSameCursor() {
		LogCursor cursor = new LogCursor(List.of(new LogPosition(1_796_547_200_000L, 0), LogPosition.START,
				new LogPosition(1_796_547_199_123L, 7), new LogPosition(1_796_547_200_000L, 12)));

		String text = cursor.toString();

		assertThat(text).matches("[0-9a-z]+(\\.[0-9a-z-]*){4}").hasSizeLessThan(30);
		assertThat(LogCursor.parse(text, 4)).isEqualTo(cursor);
	}

	@Test
	void startHasNoPositionAnywhereAndReadsBack() {
		LogCursor start = LogCursor.start(8);

		assertThat(start.toString()).isEqualTo("0........");
		assertThat(LogCursor.parse(start.toString(), 8)).isEqualTo(start);
	}

	@Test
	void movingOnePartitionLeavesTheOthers() {
		LogCursor moved = LogCursor.start(3).with(1, new LogPosition(5, 1));

		assertThat(moved.positions()).containsExactly(LogPosition.START, new LogPosition(5, 1), LogPosition.START);
		assertThat(moved.isBefore(event(1, new LogPosition(5, 2)))).isTrue();
		assertThat(moved.isBefore(event(1, new LogPosition(5, 1)))).isFalse();
		assertThat(moved.isBefore(event(0, new LogPosition(1, 0)))).isTrue();
	}

	@Test
	void textOfAnotherPartitioningOrNoCursorAtAllIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LogCursor.parse("0...", 8));
		assertThatIllegalArgumentException().isThrownBy(() -> LogCursor.parse("1796547200000-0", 8));
		assertThatIllegalArgumentException().isThrownBy(() -> LogCursor.parse("zz.!.......", 8));
		assertThatIllegalArgumentException().isThrownBy(() -> LogCursor.parse("5.6........", 8));
	}

	private static ChangeEvent event(int partition, LogPosition position) {
		return new ChangeEvent(partition, position, ChangeType.REGISTER, 1,
				new Instance("s", "s-1", "10.0.0.1", 80, false, InstanceStatus.UP, null, 1, Map.of(), 15));
	}

}

package dev.beacon.client;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.beacon.client.ServerSentEventParser.Event;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser reads {@code text/event-stream} lines as the HTML specification's "Server-sent
 * events" section says (interpreting an event stream, dispatching the event).
 */
class ServerSentEventParserTests {

	private final List<Event> events = new ArrayList<>();

	private final ServerSentEventParser parser = new ServerSentEventParser(this.events::add);

	@Test
	void idEventAndDataMakeOneEvent() {
		lines("id:1795631239209-0", "event:register", "data:{\"type\":\"register\"}", "");

		assertThat(this.events).containsExactly(new Event("1795631239209-0", "register", "{\"type\":\"register\"}"));
	}

	@Test
	void dataLinesJoinWithNewline() {
		lines("data: first", "data: second", "data: third", "");

		assertThat(this.events).extracting(Event::data).containsExactly("first\nsecond\nthird");
	}

	@Test
	void commentsAreIgnored() {
		lines(": keep-alive", "data: one", ":another comment", "data: two", "");

		assertThat(this.events).extracting(Event::data).containsExactly("one\ntwo");
	}

	@Test
	void commentsAloneDispatchNothing() {
		lines(":", "", ": keep-alive", "");

		assertThat(this.events).isEmpty();
	}

	@Test
	void blankLineDispatches() {
		lines("event: status", "data: x");
		assertThat(this.events).isEmpty();

		lines("");
		assertThat(this.events).containsExactly(new Event(null, "status", "x"));
	}

	@Test
	void eachBlankLineEndsOneEvent() {
		lines("data: a", "", "data: b", "", "");

		assertThat(this.events).extracting(Event::data).containsExactly("a", "b");
	}

	@Test
	void blockWithoutDataDispatchesNothing() {
		lines("event: register", "", "id: 7", "");

		assertThat(this.events).isEmpty();
	}

	@Test
	void eventNameOfABlockWithoutDataDoesNotCarryOver() {
		lines("event: register", "", "data: x", "");

		assertThat(this.events).containsExactly(new Event(null, "message", "x"));
	}

	@Test
	void dataWithoutSpaceAfterColonKeepsItsWholeValue() {
		lines("data:value", "");

		assertThat(this.events).extracting(Event::data).containsExactly("value");
	}

	@Test
	void onlyOneLeadingSpaceIsRemoved() {
		lines("data:  indented", "event:  named", "");

		assertThat(this.events).containsExactly(new Event(null, " named", " indented"));
	}

	@Test
	void colonsAfterTheFirstBelongToTheValue() {
		lines("data: {\"service\":\"orders\",\"host\":\"fd00::1\"}", "");

		assertThat(this.events).extracting(Event::data)
			.containsExactly("{\"service\":\"orders\",\"host\":\"fd00::1\"}");
	}

	@Test
	void lineWithoutColonIsAFieldWithEmptyValue() {
		lines("data", "data", "");

		assertThat(this.events).extracting(Event::data).containsExactly("\n");
	}

	@Test
	void emptyDataStillDispatchesAnEvent() {
		lines("data:", "");

		assertThat(this.events).containsExactly(new Event(null, "message", ""));
	}

	@Test
	void defaultEventNameIsMessage() {
		lines("data: x", "");

		assertThat(this.events).extracting(Event::name).containsExactly("message");
	}

	@Test
	void eventNameAppliesToItsOwnEventOnly() {
		lines("event: snapshot", "data: a", "", "data: b", "");

		assertThat(this.events).extracting(Event::name).containsExactly("snapshot", "message");
	}

	@Test
	void idPersistsToLaterEventsUntilTheServerSetsAnother() {
		lines("id: 1", "data: a", "", "data: b", "", "id: 2", "data: c", "");

		assertThat(this.events).extracting(Event::id).containsExactly("1", "1", "2");
	}

	@Test
	void idOfABlockWithoutDataStillAppliesToLaterEvents() {
		lines("id: 5", "", "data: a", "");

		assertThat(this.events).containsExactly(new Event("5", "message", "a"));
	}

	@Test
	void idBeforeAnyIsSentIsAbsent() {
		lines("data: a", "");

		assertThat(this.events).extracting(Event::id).containsOnlyNulls();
	}

	@Test
	void emptyEventNameMeansMessage() {
		lines("event:", "data: x", "");

		assertThat(this.events).extracting(Event::name).containsExactly("message");
	}

	@Test
	void emptyIdResetsTheLastId() {
		lines("id: 1", "data: a", "", "id:", "data: b", "", "data: c", "");

		assertThat(this.events).extracting(Event::id).containsExactly("1", null, null);
	}

	@Test
	void idContainingNullIsIgnored() {
		lines("id: 1", "data: a", "", "id: 2\u00003", "data: b", "");

		assertThat(this.events).extracting(Event::id).containsExactly("1", "1");
	}

	@Test
	void byteOrderMarkAtTheStartOfTheStreamIsIgnored() {
		lines("\uFEFFid: 1", "data: a", "", "\uFEFFdata: b", "");

		assertThat(this.events).containsExactly(new Event("1", "message", "a"));
	}

	@Test
	void retryAndUnknownFieldsAreIgnored() {
		lines("retry: 1000", "foo: bar", "Data: not data", "data: x", "");

		assertThat(this.events).containsExactly(new Event(null, "message", "x"));
	}

	private void lines(String... lines) {
		for (String line : lines) {
			this.parser.line(line);
		}
	}

}

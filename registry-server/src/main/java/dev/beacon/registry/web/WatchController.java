package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.beacon.client.WireCodec;
import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.feed.WatchStreams;
import dev.beacon.registry.feed.WatchedItem;
import dev.beacon.registry.security.Caller;
import dev.beacon.registry.feed.WatcherTooSlowException;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.LogItem;
import dev.beacon.registry.store.LogCursor;
import dev.beacon.registry.store.Snapshot;

/**
 * The server-sent event stream of changes. A new watcher first receives a {@code snapshot}
 * event; one that resumes with {@code Last-Event-ID} receives the events it missed, or a
 * snapshot when the change log no longer holds them all. A snapshot replaces everything the
 * watcher knew of the services it covers. A watcher sees only services its token may read:
 * naming another is refused, and a watch of every service covers those it may read.
 */
@RestController
class WatchController {

	private final WatchStreams streams;

	private final Duration keepAlive;

	private final ChangeDocuments changeDocuments;

	private final WireCodec codec;

	private final OpenStreams openStreams;

	WatchController(WatchStreams streams, RegistryProperties properties, WireCodec codec, OpenStreams openStreams) {
		this.streams = streams;
		this.openStreams = openStreams;
		this.keepAlive = properties.watch().keepAlive();
		this.changeDocuments = new ChangeDocuments(codec);
		this.codec = codec;
	}

	@GetMapping(path = "/v1/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> watch(@RequestParam(required = false) @Nullable String services,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParam,
			ServerWebExchange exchange) {
		Set<String> wanted = parseServices(services);
		Caller caller = Callers.of(exchange);
		Callers.checkReadable(caller, wanted);
		@Nullable String resume = (lastEventId != null && !lastEventId.isBlank()) ? lastEventId : lastEventIdParam;
		@Nullable LogCursor resumeAfter = (resume != null && !resume.isBlank()) ? parseEventId(resume.trim()) : null;
		Flux<ServerSentEvent<Object>> keepAlives = Flux.interval(this.keepAlive)
			.map((tick) -> ServerSentEvent.<Object>builder().comment("keep-alive").build());
		// a comment first, so that the answer's headers leave at once: a stream resumed with
		// nothing to replay would otherwise tell its client nothing until the first keep-alive
		Flux<ServerSentEvent<Object>> opened = Flux.just(ServerSentEvent.<Object>builder().comment("open").build());
		OpenStreams.Place place = this.openStreams.take(caller.name());
		return opened.concatWith(this.streams.watch(wanted, caller::mayRead, resumeAfter)
			.map(this::toEvent)
			.onErrorResume(WatcherTooSlowException.class, (ex) -> Flux.empty())
			.publish((events) -> Flux.merge(events, keepAlives.takeUntilOther(events.then()))))
			.doFinally((signal) -> place.close());
	}

	/**
	 * A change's data is its document, already encoded (a {@code String} is written as is), and
	 * so is a snapshot's.
	 */
	private ServerSentEvent<Object> toEvent(WatchedItem watched) {
		String id = watched.cursor().toString();
		ServerSentEvent.Builder<Object> event = ServerSentEvent.<Object>builder().id(id);
		LogItem item = watched.item();
		if (item instanceof Snapshot snapshot) {
			return event.event("snapshot")
				.data(this.codec.encode(new dev.beacon.client.Snapshot(id, snapshot.services())))
				.build();
		}
		ChangeEvent change = (ChangeEvent) item;
		return event.event(change.type().name().toLowerCase()).data(this.changeDocuments.of(change)).build();
	}

	private static Set<String> parseServices(@Nullable String services) {
		if (services == null || services.isBlank()) {
			return Set.of();
		}
		List<String> names = Arrays.stream(services.split(",")).map(String::trim).filter((name) -> !name.isEmpty())
			.toList();
		for (String name : names) {
			try {
				RequestValidator.service(name);
			}
			catch (InvalidRequestException ex) {
				throw new InvalidRequestException("services", "services must be a comma-separated list of service "
						+ "names; '" + name + "' is not one");
			}
		}
		return new LinkedHashSet<>(names);
	}

	/** An id of another partitioning than this server's starts the watcher over. */
	private @Nullable LogCursor parseEventId(String id) {
		try {
			return this.streams.parseEventId(id);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException("Last-Event-ID",
					"Last-Event-ID must be an event id received from this stream, such as mip3k2vs.0.4-1.");
		}
	}

}

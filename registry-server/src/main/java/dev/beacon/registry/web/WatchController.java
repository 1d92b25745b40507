package dev.beacon.registry.web;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.beacon.client.WireCodec;
import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.feed.WatchStreams;
import dev.beacon.registry.security.Caller;
import dev.beacon.registry.feed.WatcherTooSlowException;
import dev.beacon.registry.store.LogCursor;

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

	private final WatchFrames frames;

	private final OpenStreams openStreams;

	WatchController(WatchStreams streams, RegistryProperties properties, WireCodec codec, OpenStreams openStreams) {
		this.streams = streams;
		this.openStreams = openStreams;
		this.keepAlive = properties.watch().keepAlive();
		this.frames = new WatchFrames(codec);
	}

	@GetMapping(path = "/v1/watch", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<Void> watch(@RequestParam(required = false) @Nullable String services,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId,
			@RequestParam(name = "lastEventId", required = false) @Nullable String lastEventIdParam,
			ServerWebExchange exchange) {
		Set<String> wanted = parseServices(services);
		Caller caller = Callers.of(exchange);
		Callers.checkReadable(caller, wanted);
		@Nullable String resume = (lastEventId != null && !lastEventId.isBlank()) ? lastEventId : lastEventIdParam;
		@Nullable LogCursor resumeAfter = (resume != null && !resume.isBlank()) ? parseEventId(resume.trim()) : null;
		ServerHttpResponse response = exchange.getResponse();
		response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
		DataBufferFactory buffers = response.bufferFactory();
		Flux<DataBuffer> keepAlives = Flux.interval(this.keepAlive).map((tick) -> this.frames.keepAlive(buffers));
		OpenStreams.Place place = this.openStreams.take(caller.name());
		Flux<DataBuffer> events = Flux.defer(() -> Flux.just(this.frames.open(buffers)))
			.concatWith(this.streams.watch(wanted, caller::mayRead, resumeAfter)
				.map((watched) -> this.frames.item(watched, buffers))
				.onErrorResume(WatcherTooSlowException.class, (ex) -> Flux.empty())
				// one item at a time between the watcher's buffer and the connection: what the
				// stream takes from the buffer counts as delivered, and a slow reader must leave
				// it in the buffer, where it is counted and cut, not in an operator's queue
				.publish((items) -> Flux.merge(1, items, keepAlives.takeUntilOther(items.then())), 1))
			.doFinally((signal) -> place.close());
		// each event is flushed on its own: a watcher must not wait for the next one
		return response.writeAndFlushWith(events.map(Mono::just));
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

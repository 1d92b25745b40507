package dev.beacon.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import static org.awaitility.Awaitility.await;

/**
 * A watcher of {@code /v1/watch} that records every event it receives, until closed (which
 * disconnects it).
 */
final class WatchRecorder implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<Event> events = new CopyOnWriteArrayList<>();

	private final Disposable subscription;

	private WatchRecorder(TestRegistry registry, String query, String lastEventId) {
		this(registry, query, lastEventId, TestRegistry.TOKEN);
	}

	private WatchRecorder(TestRegistry registry, String query, String lastEventId, String token) {
		this.subscription = registry.client()
			.get()
			.uri("/v1/watch" + query)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.headers((headers) -> {
				headers.setBearerAuth(token);
				if (lastEventId != null) {
					headers.set("Last-Event-ID", lastEventId);
				}
			})
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.filter((event) -> event.event() != null)
			.subscribe((event) -> this.events.add(new Event(event.id(), event.event(), parse(event.data()))));
	}

	static WatchRecorder watch(TestRegistry registry) {
		return new WatchRecorder(registry, "", null);
	}

	static WatchRecorder watch(TestRegistry registry, String query) {
		return new WatchRecorder(registry, query, null);
	}

	/** A watch with another token than the registry's read-write one. */
	static WatchRecorder watchWithToken(TestRegistry registry, String query, String token) {
		return new WatchRecorder(registry, query, null, token);
	}

	static WatchRecorder resume(TestRegistry registry, String query, String lastEventId) {
		return new WatchRecorder(registry, query, lastEventId);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> parse(String data) {
		return json.readValue(data, Map.class);
	}

	List<Event> events() {
		return List.copyOf(this.events);
	}

	List<Event> changes() {
		return this.events.stream().filter((event) -> !event.name().equals("snapshot")).toList();
	}

	Event awaitSnapshot() {
		return awaitEvent("snapshot", null);
	}

	Event awaitEvent(String name, String instanceId) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.events.stream().anyMatch((event) -> event.is(name, instanceId)));
		return this.events.stream().filter((event) -> event.is(name, instanceId)).findFirst().orElseThrow();
	}

	String lastId() {
		return this.events.get(this.events.size() - 1).id();
	}

	@Override
	public void close() {
		this.subscription.dispose();
	}

	record Event(String id, String name, Map<String, Object> data) {

		boolean is(String expectedName, String instanceId) {
			return this.name.equals(expectedName) && (instanceId == null || instanceId.equals(this.data.get("id")));
		}

		String instanceId() {
			return (String) this.data.get("id");
		}

	}

}

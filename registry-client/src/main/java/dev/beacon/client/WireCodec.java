package dev.beacon.client;

import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads and writes the documents of the registry's v1 API. Every document is written with its
 * fields in one order and metadata sorted by key, so that equal values always give equal bytes.
 * A reader skips fields it does not know, takes a status it does not know for {@code DOWN}
 * (out of rotation, which is what a client can safely do with it), and refuses a document
 * without the fields that identify what it describes. Thread-safe.
 */
public final class WireCodec {

	private final JsonFactory json = new JsonFactory();

	public String encode(Instance instance) {
		return write((out) -> writeInstance(out, instance));
	}

	public String encode(ServiceInstances service) {
		return write((out) -> writeService(out, service));
	}

	public String encode(Change change) {
		return write((out) -> {
			out.writeStartObject();
			out.writeStringProperty("type", change.type().wireName());
			out.writeStringProperty("service", change.service());
			out.writeStringProperty("id", change.id());
			out.writeNumberProperty("revision", change.revision());
			out.writeName("instance");
			writeInstance(out, change.instance());
			out.writeEndObject();
		});
	}

	public String encode(Snapshot snapshot) {
		return write((out) -> {
			out.writeStartObject();
			out.writeStringProperty("position", snapshot.position());
			out.writeName("services");
			out.writeStartArray();
			for (ServiceInstances service : snapshot.services()) {
				writeService(out, service);
			}
			out.writeEndArray();
			out.writeEndObject();
		});
	}

	public String encode(Registration registration) {
		return write((out) -> {
			out.writeStartObject();
			out.writeStringProperty("host", registration.host());
			out.writeNumberProperty("port", registration.port());
			out.writeBooleanProperty("secure", registration.secure());
			if (registration.status() != null) {
				out.writeStringProperty("status", registration.status().name());
			}
			out.writeStringProperty("zone", registration.zone());
			out.writeNumberProperty("weight", registration.weight());
			writeMetadata(out, registration.metadata());
			if (registration.ttlSeconds() != null) {
				out.writeNumberProperty("ttlSeconds", registration.ttlSeconds());
			}
			writeCheck(out, registration.check());
			out.writeEndObject();
		});
	}

	/**
	 * Writes the list of services, as {@code GET /v1/services} answers it.
	 * @param services the services
	 * @return the document
	 */
	public String encodeServices(List<ServiceSummary> services) {
		return write((out) -> {
			out.writeStartObject();
			out.writeName("services");
			out.writeStartArray();
			for (ServiceSummary service : services) {
				out.writeStartObject();
				out.writeStringProperty("service", service.service());
				out.writeNumberProperty("instances", service.instances());
				out.writeNumberProperty("up", service.up());
				out.writeEndObject();
			}
			out.writeEndArray();
			out.writeEndObject();
		});
	}

	/**
	 * Writes a status change or a heartbeat's status.
	 * @param status the status
	 * @return the document
	 */
	public String encodeStatus(InstanceStatus status) {
		return write((out) -> {
			out.writeStartObject();
			out.writeStringProperty("status", status.name());
			out.writeEndObject();
		});
	}

	/**
	 * Writes the answer of a change made with {@code await=delivered}.
	 * @param delivery what was confirmed
	 * @return the document
	 */
	public String encode(Delivery delivery) {
		return write((out) -> {
			out.writeStartObject();
			out.writeBooleanProperty("delivered", delivery.delivered());
			out.writeNumberProperty("servers", delivery.servers());
			out.writeNumberProperty("watchers", delivery.watchers());
			out.writeNumberProperty("notReached", delivery.notReached());
			out.writeNumberProperty("cut", delivery.cut());
			out.writeName("behind");
			out.writeStartArray();
			for (String server : delivery.behind()) {
				out.writeString(server);
			}
			out.writeEndArray();
			out.writeNumberProperty("waitedMillis", delivery.waitedMillis());
			out.writeEndObject();
		});
	}

	public String encode(CheckState state) {
		return write((out) -> {
			out.writeStartObject();
			writeCheck(out, state.check());
			out.writeNumberProperty("failures", state.failures());
			out.writeNumberProperty("passes", state.passes());
			out.writeNumberProperty("failingSinceMillis", state.failingSinceMillis());
			out.writeNumberProperty("nextRunMillis", state.nextRunMillis());
			out.writeEndObject();
		});
	}

	public CheckState decodeCheckState(String document) {
		return read(document, (in) -> {
			Check check = null;
			int failures = 0;
			int passes = 0;
			long failingSince = 0;
			long nextRun = 0;
			for (String name = in.nextName(); name != null; name = in.nextName()) {
				in.nextToken();
				switch (name) {
					case "check" -> check = readCheck(in);
					case "failures" -> failures = (int) number(in, name);
					case "passes" -> passes = (int) number(in, name);
					case "failingSinceMillis" -> failingSince = number(in, name);
					case "nextRunMillis" -> nextRun = number(in, name);
					default -> in.skipChildren();
				}
			}
			return new CheckState(required(check, "check"), failures, passes, failingSince, nextRun);
		});
	}

	public Delivery decodeDelivery(String document) {
		return read(document, (in) -> {
			Boolean delivered = null;
			int servers = 0;
			int watchers = 0;
			int notReached = 0;
			long cut = 0;
			List<String> behind = List.of();
			long waited = 0;
			for (String name = in.nextName(); name != null; name = in.nextName()) {
				in.nextToken();
				switch (name) {
					case "delivered" -> delivered = bool(in, name);
					case "servers" -> servers = (int) number(in, name);
					case "watchers" -> watchers = (int) number(in, name);
					case "notReached" -> notReached = (int) number(in, name);
					case "cut" -> cut = number(in, name);
					case "behind" -> behind = array(in, name, (element) -> string(element, "behind"));
					case "waitedMillis" -> waited = number(in, name);
					default -> in.skipChildren();
				}
			}
			return new Delivery(required(delivered, "delivered"), servers, watchers, notReached, cut, behind, waited);
		});
	}

	public Instance decodeInstance(String document) {
		return read(document, this::readInstance);
	}

	public ServiceInstances decodeService(String document) {
		return read(document, this::readService);
	}

	public Change decodeChange(String document) {
		return read(document, (in) -> {
			ChangeType type = null;
			long revision = 0;
			Instance instance = null;
			for (String name = in.nextName(); name != null; name = in.nextName()) {
				in.nextToken();
				switch (name) {
					case "type" -> type = ChangeType.fromWireName(string(in, name));
					case "revision" -> revision = number(in, name);
					case "instance" -> instance = readInstance(in);
					default -> in.skipChildren();
				}
			}
			return new Change(required(type, "type"), revision, required(instance, "instance"));
		});
	}

	public Snapshot decodeSnapshot(String document) {
		return read(document, (in) -> {
			String position = null;
			List<ServiceInstances> services = List.of();
			for (String name = in.nextName(); name != null; name = in.nextName()) {
				in.nextToken();
				switch (name) {
					case "position" -> position = string(in, name);
					case "services" -> services = array(in, name, this::readService);
					default -> in.skipChildren();
				}
			}
			return new Snapshot(required(position, "position"), services);
		});
	}

	public Registration decodeRegistration(String document) {
		return read(document, (in) -> {
			String host = null;
			int port = 0;
			boolean secure = false;
			InstanceStatus status = null;
			String zone = null;
			int weight = 1;
			Map<String, String> metadata = Map.of();
			Integer ttlSeconds = null;
			Check check = null;
			for (String name = in.nextName(); name != null; name = in.nextName()) {
				in.nextToken();
				switch (name) {
					case "host" -> host = string(in, name);
					case "port" -> port = (int) number(in, name);
					case "secure" -> secure = bool(in, name);
					case "status" -> status = status(string(in, name));
					case "zone" -> zone = string(in, name);
					case "weight" -> weight = (int) number(in, name);
					case "metadata" -> metadata = metadata(in, name);
					case "ttlSeconds" -> ttlSeconds = (in.currentToken() == JsonToken.VALUE_NULL) ? null
							: (int) number(in, name);
					case "check" -> check = readCheck(in);
					default -> in.skipChildren();
				}
			}
			return new Registration(required(host, "host"), port, secure, status, zone, weight, metadata, ttlSeconds,
					check);
		});
	}

	/**
	 * Reads the list of services, as {@code GET /v1/services} answers it.
	 * @param document the document
	 * @return the services
	 */
	public List<ServiceSummary> decodeServices(String document) {
		return read(document, (in) -> {
			List<ServiceSummary> services = List.of();
			for (String name = in.nextName(); name != null; name = in.nextName()) {
				in.nextToken();
				if (name.equals("services")) {
					services = array(in, name, this::readSummary);
				}
				else {
					in.skipChildren();
				}
			}
			return services;
		});
	}

	private ServiceSummary readSummary(JsonParser in) {
		expectObject(in, "service");
		String service = null;
		int instances = 0;
		int up = 0;
		for (String name = in.nextName(); name != null; name = in.nextName()) {
			in.nextToken();
			switch (name) {
				case "service" -> service = string(in, name);
				case "instances" -> instances = (int) number(in, name);
				case "up" -> up = (int) number(in, name);
				default -> in.skipChildren();
			}
		}
		return new ServiceSummary(required(service, "service"), instances, up);
	}

	private ServiceInstances readService(JsonParser in) {
		expectObject(in, "service");
		String service = null;
		long revision = 0;
		List<Instance> instances = List.of();
		for (String name = in.nextName(); name != null; name = in.nextName()) {
			in.nextToken();
			switch (name) {
				case "service" -> service = string(in, name);
				case "revision" -> revision = number(in, name);
				case "instances" -> instances = array(in, name, this::readInstance);
				default -> in.skipChildren();
			}
		}
		return new ServiceInstances(required(service, "service"), revision, instances);
	}

	private Instance readInstance(JsonParser in) {
		expectObject(in, "instance");
		String service = null;
		String id = null;
		String host = null;
		int port = 0;
		boolean secure = false;
		InstanceStatus status = InstanceStatus.DOWN;
		String zone = null;
		int weight = 1;
		Map<String, String> metadata = Map.of();
		int ttlSeconds = 0;
		Check check = null;
		for (String name = in.nextName(); name != null; name = in.nextName()) {
			in.nextToken();
			switch (name) {
				case "service" -> service = string(in, name);
				case "id" -> id = string(in, name);
				case "host" -> host = string(in, name);
				case "port" -> port = (int) number(in, name);
				case "secure" -> secure = bool(in, name);
				case "status" -> status = statusOrDown(string(in, name));
				case "zone" -> zone = string(in, name);
				case "weight" -> weight = (int) number(in, name);
				case "metadata" -> metadata = metadata(in, name);
				case "ttlSeconds" -> ttlSeconds = (int) number(in, name);
				case "check" -> check = readCheck(in);
				default -> in.skipChildren();
			}
		}
		return new Instance(required(service, "service"), required(id, "id"), required(host, "host"), port, secure,
				status, zone, weight, metadata, ttlSeconds, check);
	}

	/** A check, or {@code null} for none; a check of a kind this reader does not know reads as none. */
	private static @Nullable Check readCheck(JsonParser in) {
		if (in.currentToken() == JsonToken.VALUE_NULL) {
			return null;
		}
		expectObject(in, "check");
		String http = null;
		boolean tcp = false;
		Duration interval = null;
		Duration timeout = null;
		Duration deregisterAfter = null;
		for (String name = in.nextName(); name != null; name = in.nextName()) {
			in.nextToken();
			switch (name) {
				case "http" -> http = string(in, "check.http");
				case "tcp" -> tcp = bool(in, "check.tcp");
				case "interval" -> interval = duration(in, "check.interval");
				case "timeout" -> timeout = duration(in, "check.timeout");
				case "deregisterAfter" -> deregisterAfter = duration(in, "check.deregisterAfter");
				default -> in.skipChildren();
			}
		}
		if (http == null && !tcp) {
			return null;
		}
		return new Check(http, tcp, required(interval, "check.interval"), required(timeout, "check.timeout"),
				deregisterAfter);
	}

	private static @Nullable Duration duration(JsonParser in, String field) {
		String text = string(in, field);
		Duration duration = Check.parse(text);
		if (text != null && duration == null) {
			throw new WireFormatException(field + " must be a duration such as 500ms, 10s or 5m");
		}
		return duration;
	}

	private static void writeService(JsonGenerator out, ServiceInstances service) {
		out.writeStartObject();
		out.writeStringProperty("service", service.service());
		out.writeNumberProperty("revision", service.revision());
		out.writeName("instances");
		out.writeStartArray();
		for (Instance instance : service.instances()) {
			writeInstance(out, instance);
		}
		out.writeEndArray();
		out.writeEndObject();
	}

	private static void writeInstance(JsonGenerator out, Instance instance) {
		out.writeStartObject();
		out.writeStringProperty("service", instance.service());
		out.writeStringProperty("id", instance.id());
		out.writeStringProperty("host", instance.host());
		out.writeNumberProperty("port", instance.port());
		out.writeBooleanProperty("secure", instance.secure());
		out.writeStringProperty("status", instance.status().name());
		out.writeStringProperty("zone", instance.zone());
		out.writeNumberProperty("weight", instance.weight());
		writeMetadata(out, instance.metadata());
		out.writeNumberProperty("ttlSeconds", instance.ttlSeconds());
		writeCheck(out, instance.check());
		out.writeEndObject();
	}

	/** Writes a check, when there is one: documents without one are as they were before checks. */
	private static void writeCheck(JsonGenerator out, @Nullable Check check) {
		if (check == null) {
			return;
		}
		out.writeName("check");
		out.writeStartObject();
		if (check.http() != null) {
			out.writeStringProperty("http", check.http());
		}
		if (check.tcp()) {
			out.writeBooleanProperty("tcp", true);
		}
		out.writeStringProperty("interval", Check.format(check.interval()));
		out.writeStringProperty("timeout", Check.format(check.timeout()));
		if (check.deregisterAfter() != null) {
			out.writeStringProperty("deregisterAfter", Check.format(check.deregisterAfter()));
		}
		out.writeEndObject();
	}

	private static void writeMetadata(JsonGenerator out, Map<String, String> metadata) {
		out.writeName("metadata");
		out.writeStartObject();
		Map<String, String> sorted = (metadata.size() > 1) ? new TreeMap<>(metadata) : metadata;
		sorted.forEach(out::writeStringProperty);
		out.writeEndObject();
	}

	private String write(Consumer<JsonGenerator> writer) {
		StringWriter text = new StringWriter(256);
		try (JsonGenerator out = this.json.createGenerator(ObjectWriteContext.empty(), text)) {
			writer.accept(out);
		}
		return text.toString();
	}

	private <T> T read(String document, Function<JsonParser, T> reader) {
		try (JsonParser in = this.json.createParser(ObjectReadContext.empty(), document)) {
			in.nextToken();
			T value = reader.apply(in);
			if (in.nextToken() != null) {
				throw new WireFormatException("Unexpected content after the document's end");
			}
			return value;
		}
		catch (JacksonException ex) {
			throw new WireFormatException("Not a readable JSON document: " + ex.getOriginalMessage(), ex);
		}
	}

	private static <T> List<T> array(JsonParser in, String field, Function<JsonParser, T> element) {
		if (in.currentToken() == JsonToken.VALUE_NULL) {
			return List.of();
		}
		if (in.currentToken() != JsonToken.START_ARRAY) {
			throw new WireFormatException(field + " must be an array");
		}
		List<T> values = new ArrayList<>();
		while (in.nextToken() != JsonToken.END_ARRAY) {
			values.add(element.apply(in));
		}
		return values;
	}

	private static Map<String, String> metadata(JsonParser in, String field) {
		if (in.currentToken() == JsonToken.VALUE_NULL) {
			return Map.of();
		}
		expectObject(in, field);
		Map<String, String> metadata = new HashMap<>();
		for (String key = in.nextName(); key != null; key = in.nextName()) {
			in.nextToken();
			String value = string(in, field + "." + key);
			if (value != null) {
				metadata.put(key, value);
			}
		}
		return metadata;
	}

	private static void expectObject(JsonParser in, String what) {
		if (in.currentToken() != JsonToken.START_OBJECT) {
			throw new WireFormatException(what + " must be an object");
		}
	}

	private static @Nullable String string(JsonParser in, String field) {
		return switch (in.currentToken()) {
			case VALUE_STRING -> in.getString();
			case VALUE_NULL -> null;
			default -> throw new WireFormatException(field + " must be a string");
		};
	}

	private static long number(JsonParser in, String field) {
		if (in.currentToken() != JsonToken.VALUE_NUMBER_INT) {
			throw new WireFormatException(field + " must be a whole number");
		}
		return in.getLongValue();
	}

	private static boolean bool(JsonParser in, String field) {
		return switch (in.currentToken()) {
			case VALUE_TRUE -> true;
			case VALUE_FALSE, VALUE_NULL -> false;
			default -> throw new WireFormatException(field + " must be true or false");
		};
	}

	private static @Nullable InstanceStatus status(@Nullable String name) {
		return (name != null) ? statusOrDown(name) : null;
	}

	private static InstanceStatus statusOrDown(@Nullable String name) {
		InstanceStatus status = InstanceStatus.parse(name);
		return (status != null) ? status : InstanceStatus.DOWN;
	}

	private static <T> T required(@Nullable T value, String field) {
		if (value == null) {
			throw new WireFormatException("The document has no " + field);
		}
		return value;
	}

}

package dev.beacon.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;


import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * Calls the registry's v1 API. Each call goes to the current registry server and moves on to
 * the next one when a server does not answer or answers with a server error. Calls block the
 * calling thread for at most the timeout per server tried; {@link ChangeStream} follows the
 * change stream without blocking any.
 */
public class RegistryClient {

	private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(2);

	/** Left of a call's timeout for the answer to come back once the registry stops waiting. */
	private static final Duration CALL_MARGIN = Duration.ofMillis(500);

	private final RegistryUrls urls;

	private final @Nullable String token;

	private final Duration timeout;

	private final WireCodec codec = new WireCodec();

	private final HttpClient http;

	public RegistryClient(RegistryUrls urls, @Nullable String token, Duration timeout, HttpClient http) {
		this.urls = urls;
		this.token = token;
		this.timeout = timeout;
		this.http = http;
	}

	/**
	 * A client on its own HTTP/1.1 connection pool, which waits for a connection no longer than
	 * one call may take, and at most 2 s.
	 * @param urls the registry servers
	 * @param token bearer token, or {@code null}
	 * @param timeout timeout of one call
	 * @return the client
	 */
	public static RegistryClient create(RegistryUrls urls, @Nullable String token, Duration timeout) {
		return create(urls, token, timeout, null);
	}

	/**
	 * A client as {@link #create(RegistryUrls, String, Duration)} makes it, whose HTTPS
	 * connections trust, and present, what a TLS context says.
	 * @param urls the registry servers
	 * @param token bearer token, or {@code null}
	 * @param timeout timeout of one call
	 * @param tls the trust material (and client certificate, for mutual TLS) of HTTPS
	 * connections; {@code null} for the JVM's defaults
	 * @return the client
	 */
	public static RegistryClient create(RegistryUrls urls, @Nullable String token, Duration timeout,
			@Nullable SSLContext tls) {
		HttpClient.Builder http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout((timeout.compareTo(MAX_CONNECT_TIMEOUT) <= 0) ? timeout : MAX_CONNECT_TIMEOUT);
		if (tls != null) {
			http.sslContext(tls);
		}
		return new RegistryClient(urls, token, timeout, http.build());
	}

	/**
	 * A client of the given registry servers, with a 5 s timeout per call.
	 * @param token bearer token, or {@code null} when the registry runs without tokens
	 * @param urls the registry servers' base URLs, such as {@code http://registry:8700}
	 * @return the client
	 */
	public static RegistryClient create(@Nullable String token, URI... urls) {
		return create(new RegistryUrls(List.of(urls)), token, Duration.ofSeconds(5));
	}

	/**
	 * Registers an instance, or replaces its registration.
	 * @param service the service
	 * @param id the instance id
	 * @param request what to register
	 */
	public void register(String service, String id, Registration request) {
		send("PUT", instancePath(service, id), this.codec.encode(request), false);
	}

	/**
	 * Renews a lease, setting the status too when one is given.
	 * @param service the service
	 * @param id the instance id
	 * @param status the status to set, or {@code null}
	 * @return {@code false} when the registry does not know the lease: register again
	 */
	public boolean heartbeat(String service, String id, @Nullable InstanceStatus status) {
		String body = (status != null) ? this.codec.encodeStatus(status) : null;
		return send("PUT", instancePath(service, id) + "/heartbeat", body, true) != 404;
	}

	/**
	 * Sets an instance's status without renewing its lease, for example to take it out of
	 * rotation ({@code OUT_OF_SERVICE}) and back.
	 * @param service the service
	 * @param id the instance id
	 * @param status the status
	 * @return {@code false} when the registry does not know the instance
	 */
	public boolean changeStatus(String service, String id, InstanceStatus status) {
		return send("PUT", instancePath(service, id) + "/status", this.codec.encodeStatus(status), true) != 404;
	}

	/**
	 * Removes an instance; an instance the registry does not know is not an error.
	 * @param service the service
	 * @param id the instance id
	 */
	public void deregister(String service, String id) {
		send("DELETE", instancePath(service, id), null, true);
	}

	/**
	 * Removes an instance and waits, on the registry, until every watcher of every live registry
	 * server has been handed the removal, or the wait ends: what lets an instance stop as soon as
	 * its clients have heard. The wait is cut to fit within one call's timeout.
	 * @param service the service
	 * @param id the instance id
	 * @param wait the longest wait
	 * @return what the registry confirmed; {@code null} when the instance was not registered, or
	 * the registry confirms nothing (a version without confirmed delivery)
	 */
	public @Nullable Delivery deregisterDelivered(String service, String id, Duration wait) {
		Duration room = this.timeout.minus(CALL_MARGIN);
		Duration bounded = (wait.compareTo(room) < 0) ? wait : room;
		HttpResponse<String> response = exchange("DELETE", instancePath(service, id) + "?await=delivered&timeout="
				+ Math.max(1, bounded.toMillis()) + "ms", null, true);
		return (response.statusCode() == 200) ? this.codec.decodeDelivery(response.body()) : null;
	}

	/**
	 * Reads one service.
	 * @param service the service
	 * @return its instances and revision
	 */
	public ServiceInstances service(String service) {
		HttpResponse<String> response = exchange("GET", "/v1/services/" + encode(service), null, false);
		return this.codec.decodeService(response.body());
	}

	/**
	 * Reads where an instance's health check stands.
	 * @param service the service
	 * @param id the instance id
	 * @return its check's state; {@code null} when the instance is not registered or has no check
	 */
	public @Nullable CheckState checkState(String service, String id) {
		HttpResponse<String> response = exchange("GET", instancePath(service, id) + "/check", null, true);
		return (response.statusCode() == 200) ? this.codec.decodeCheckState(response.body()) : null;
	}

	/**
	 * Lists every service that has at least one instance.
	 * @return the services with their instance counts
	 */
	public List<ServiceSummary> services() {
		return this.codec.decodeServices(exchange("GET", "/v1/services", null, false).body());
	}

	/**
	 * Builds the request that opens the change stream on the current registry server.
	 * @param lastEventId id of the last event received, or {@code null} to start with a snapshot
	 * @param services the services to watch; empty for all
	 * @return the request and the server it goes to
	 */
	WatchRequest watchRequest(@Nullable String lastEventId, List<String> services) {
		URI base = this.urls.current();
		String query = services.isEmpty() ? "" : "?services=" + encode(String.join(",", services));
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(base.getPath() + "/v1/watch" + query))
			.header("Accept", "text/event-stream")
			.GET();
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		authorize(request);
		return new WatchRequest(base, request.build());
	}

	HttpClient http() {
		return this.http;
	}

	WireCodec codec() {
		return this.codec;
	}

	public RegistryUrls urls() {
		return this.urls;
	}

	private int send(String method, String path, @Nullable String body, boolean notFoundIsAnswer) {
		return exchange(method, path, body, notFoundIsAnswer).statusCode();
	}

	private HttpResponse<String> exchange(String method, String path, @Nullable String body,
			boolean notFoundIsAnswer) {
		RuntimeException last = null;
		for (int attempt = 0; attempt < this.urls.size(); attempt++) {
			URI base = this.urls.current();
			try {
				HttpResponse<String> response = this.http.send(request(base, method, path, body),
						BodyHandlers.ofString());
				int status = response.statusCode();
				if (status < 300 || (status == 404 && notFoundIsAnswer)) {
					return response;
				}
				if (status < 500) {
					throw new RegistryRejectedException(status,
							"Registry " + base + " refused " + method + " " + path + ": " + status + " " + response.body());
				}
				last = new RegistryUnavailableException("Registry " + base + " answered " + status, null);
			}
			catch (IOException ex) {
				last = new RegistryUnavailableException("Registry " + base + " unreachable: " + ex, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new RegistryUnavailableException("Interrupted while calling registry " + base, ex);
			}
			this.urls.failed(base);
		}
		throw new RegistryUnavailableException("No registry answered " + method + " " + path + " (tried "
				+ this.urls.size() + "): " + last.getMessage(), last);
	}

	private HttpRequest request(URI base, String method, String path, @Nullable String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(base.getPath() + path))
			.timeout(this.timeout)
			.header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
		}
		else {
			request.method(method, BodyPublishers.noBody());
		}
		authorize(request);
		return request.build();
	}

	private void authorize(HttpRequest.Builder request) {
		if (this.token != null && !this.token.isEmpty()) {
			request.header("Authorization", "Bearer " + this.token);
		}
	}

	private static String instancePath(String service, String id) {
		return "/v1/services/" + encode(service) + "/instances/" + encode(id);
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8);
	}

	/**
	 * A watch request and the registry server it goes to.
	 *
	 * @param server the registry server
	 * @param request the request
	 */
	record WatchRequest(URI server, HttpRequest request) {
	}

}

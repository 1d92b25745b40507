package dev.beacon.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

import org.jspecify.annotations.Nullable;

/**
 * Follows the registry's change stream ({@code /v1/watch}): one long-lived connection,
 * resumed with {@code Last-Event-ID} after a break so that no change is lost, reconnected with
 * backoff, moving on to the next registry server when one fails, and dropped and reopened when
 * it stays silent longer than the registry's keep-alives allow.
 */
public class ChangeStream {

	private static final Logger logger = System.getLogger(ChangeStream.class.getName());

	/** Bounds a server's {@code Retry-After}: a wrong one must not keep a catalog stale for long. */
	private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

	private final RegistryClient client;

	private final HttpClient http;

	private final WireCodec codec;

	private final ScheduledExecutorService scheduler;

	private final Clock clock;

	private final WatchSettings settings;

	private final ChangeListener listener;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicReference<@Nullable Connection> connection = new AtomicReference<>();

	private volatile @Nullable String lastEventId;

	private volatile Duration backoff;

	private volatile @Nullable ScheduledFuture<?> watchdog;

	/**
	 * @param client the client whose registry servers, token and HTTP client the stream uses
	 * @param scheduler runs the reconnections and the check for a silent stream
	 * @param clock tells the time
	 * @param settings what to watch and how to reconnect
	 * @param listener receives the snapshots and changes
	 */
	public ChangeStream(RegistryClient client, ScheduledExecutorService scheduler, Clock clock,
			WatchSettings settings, ChangeListener listener) {
		this.client = client;
		this.http = client.http();
		this.codec = client.codec();
		this.scheduler = scheduler;
		this.clock = clock;
		this.settings = settings;
		this.listener = listener;
		this.backoff = settings.reconnectMin();
	}

	/**
	 * Opens the stream; it stays open, reconnecting as needed, until {@link #stop()}.
	 */
	public void start() {
		if (this.running.compareAndSet(false, true)) {
			long check = this.settings.idleTimeout().dividedBy(3).toMillis();
			this.watchdog = this.scheduler.scheduleAtFixedRate(this::dropIfSilent, check, check,
					TimeUnit.MILLISECONDS);
			connect();
		}
	}

	public boolean isConnected() {
		Connection current = this.connection.get();
		return current != null && current.opened;
	}

	public boolean isRunning() {
		return this.running.get();
	}

	/**
	 * Closes the stream; no listener call follows.
	 */
	public void stop() {
		if (this.running.compareAndSet(true, false)) {
			ScheduledFuture<?> check = this.watchdog;
			if (check != null) {
				check.cancel(false);
			}
			Connection current = this.connection.getAndSet(null);
			if (current != null) {
				current.cancel();
			}
		}
	}

	private void connect() {
		if (!this.running.get()) {
			return;
		}
		RegistryClient.WatchRequest request = this.client.watchRequest(this.lastEventId,
				this.settings.services());
		Connection next = new Connection(request.server());
		this.connection.set(next);
		this.http.sendAsync(request.request(), (info) -> (info.statusCode() == 200) ? next.body()
				: BodySubscribers.replacing(null))
			.whenComplete((response, ex) -> {
				String cause = (ex != null) ? ex.toString()
						: (response.statusCode() == 200) ? "stream ended" : "answered " + response.statusCode();
				if (response != null) {
					next.retryAfter = retryAfter(response.headers());
				}
				next.ended(cause);
			});
	}

	private void dropIfSilent() {
		Connection current = this.connection.get();
		if (current != null && Duration.between(current.lastLine, this.clock.instant())
			.compareTo(this.settings.idleTimeout()) > 0) {
			current.cancel();
			current.ended("no data for " + this.settings.idleTimeout().toSeconds() + " s");
		}
	}

	private void reconnectLater(Connection ended, String cause) {
		if (!this.running.get() || !this.connection.compareAndSet(ended, null)) {
			return;
		}
		this.client.urls().failed(ended.server);
		this.listener.onDisconnected(ended.server, cause);
		Duration backedOff = this.backoff;
		this.backoff = min(backedOff.multipliedBy(2), this.settings.reconnectMax());
		// a server that is full, or a token that holds all the streams it may, says when to try again
		Duration delay = (ended.retryAfter.compareTo(backedOff) > 0) ? ended.retryAfter : backedOff;
		logger.log(Level.DEBUG, () -> "Change stream from " + ended.server + " broke (" + cause
				+ "); reconnecting in " + delay.toMillis() + " ms");
		this.scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The delay a {@code Retry-After} header asks for in seconds; zero when none or unreadable. */
	private static Duration retryAfter(HttpHeaders headers) {
		try {
			long seconds = Long.parseLong(headers.firstValue("Retry-After").orElse("0").trim());
			return Duration.ofSeconds(Math.max(0, Math.min(seconds, MAX_RETRY_AFTER.toSeconds())));
		}
		catch (NumberFormatException ex) {
			return Duration.ZERO;
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private void handle(Connection from, ServerSentEventParser.Event event) {
		if (this.connection.get() != from) {
			return;
		}
		if (event.name().equals("snapshot")) {
			this.listener.onSnapshot(this.codec.decodeSnapshot(event.data()));
		}
		else {
			this.listener.onChange(this.codec.decodeChange(event.data()));
		}
		this.lastEventId = event.id();
	}

	/**
	 * A connection answered {@code 200} and its stream is open: it is connected from now on,
	 * whether or not an event follows soon (a stream resumed with nothing to replay has none).
	 */
	private void opened(Connection connection) {
		if (this.connection.get() == connection) {
			connection.opened = true;
			this.backoff = this.settings.reconnectMin();
			this.listener.onConnected(connection.server);
		}
	}

	/**
	 * One connection to one registry server.
	 */
	private final class Connection implements Flow.Subscriber<String> {

		private final URI server;

		private final ServerSentEventParser parser;

		private final AtomicBoolean ended = new AtomicBoolean();

		private volatile Instant lastLine;

		private volatile boolean opened;

		/** How long the server asked to wait before the next attempt; zero when it did not. */
		private volatile Duration retryAfter = Duration.ZERO;

		private volatile Flow.@Nullable Subscription subscription;

		Connection(URI server) {
			this.server = server;
			this.parser = new ServerSentEventParser((event) -> handle(this, event));
			this.lastLine = ChangeStream.this.clock.instant();
		}

		BodySubscriber<Void> body() {
			return BodySubscribers.fromLineSubscriber(this, (subscriber) -> null, StandardCharsets.UTF_8, null);
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			opened(this);
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			this.lastLine = ChangeStream.this.clock.instant();
			try {
				this.parser.line(line);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING,
						"Dropping change stream from " + this.server + " after an unreadable event: " + ex);
				cancel();
				ended("unreadable event");
			}
		}

		@Override
		public void onError(Throwable throwable) {
			ended(throwable.toString());
		}

		@Override
		public void onComplete() {
			ended("stream ended");
		}

		void cancel() {
			Flow.Subscription current = this.subscription;
			if (current != null) {
				current.cancel();
			}
		}

		void ended(String cause) {
			if (this.ended.compareAndSet(false, true)) {
				reconnectLater(this, cause);
			}
		}

	}

}

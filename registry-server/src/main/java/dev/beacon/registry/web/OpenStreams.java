package dev.beacon.registry.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts the watch streams and blocking queries this server holds open, in all and per token,
 * and refuses a new one beyond the limits: each holds a connection and a watcher for as long as
 * its client likes, and one client could otherwise open enough of them to starve everyone. How
 * many are open shows in the gauge {@code beacon.registry.watchers}; refusals in the counter
 * {@code beacon.registry.watch.refused}, tagged by limit.
 */
final class OpenStreams {

	private final int maxOpen;

	private final int maxPerToken;

	private final AtomicInteger open = new AtomicInteger();

	private final Map<String, AtomicInteger> openByToken = new ConcurrentHashMap<>();

	private final Counter refusedServerFull;

	private final Counter refusedTokenFull;

	OpenStreams(int maxOpen, int maxPerToken, MeterRegistry meters) {
		this.maxOpen = maxOpen;
		this.maxPerToken = maxPerToken;
		this.refusedServerFull = refused(meters, "server");
		this.refusedTokenFull = refused(meters, "token");
	}

	private static Counter refused(MeterRegistry meters, String limit) {
		return Counter.builder("beacon.registry.watch.refused")
			.tag("limit", limit)
			.description("Watch streams and blocking queries refused for a limit (beacon.registry.watch.max-open*)")
			.register(meters);
	}

	/**
	 * Takes a place for one stream or blocking query.
	 * @param token the name of the token it comes with
	 * @return the place, to close when the stream or query ends
	 * @throws LimitReachedException when the server or the token holds as many as allowed
	 */
	Place take(String token) {
		AtomicInteger byToken = this.openByToken.computeIfAbsent(token, (name) -> new AtomicInteger());
		if (byToken.incrementAndGet() > this.maxPerToken) {
			byToken.decrementAndGet();
			this.refusedTokenFull.increment();
			throw new LimitReachedException(true, "The token '" + token + "' holds " + this.maxPerToken
					+ " watch streams and blocking queries open on this server, as many as it may "
					+ "(beacon.registry.watch.max-open-per-token); retry later");
		}
		if (this.open.incrementAndGet() > this.maxOpen) {
			this.open.decrementAndGet();
			byToken.decrementAndGet();
			this.refusedServerFull.increment();
			throw new LimitReachedException(false, "This registry server holds " + this.maxOpen
					+ " watch streams and blocking queries open, as many as it may (beacon.registry.watch.max-open); "
					+ "retry with another");
		}
		return new Place(byToken);
	}

	/** One open stream or blocking query; closing it more than once frees one place only. */
	final class Place implements AutoCloseable {

		private final AtomicInteger byToken;

		private final AtomicBoolean closed = new AtomicBoolean();

		private Place(AtomicInteger byToken) {
			this.byToken = byToken;
		}

		@Override
		public void close() {
			if (this.closed.compareAndSet(false, true)) {
				this.byToken.decrementAndGet();
				OpenStreams.this.open.decrementAndGet();
			}
		}

	}

}

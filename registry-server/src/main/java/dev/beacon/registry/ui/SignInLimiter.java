package dev.beacon.registry.ui;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Counts failed sign-ins per client address for a minute from the first, so that the sign-in
 * form guesses tokens no faster than a few a minute; the API, which compares tokens the same
 * way, answers every guess with a {@code 401} and stays as it is. Kept in this server's memory:
 * an address that spreads its guesses over the servers gets that many times the attempts.
 */
final class SignInLimiter {

	static final Duration WINDOW = Duration.ofMinutes(1);

	private static final int MAX_ADDRESSES = 100_000;

	private final int attempts;

	private final Cache<String, AtomicInteger> failures;

	SignInLimiter(int attempts, Ticker ticker) {
		this.attempts = attempts;
		this.failures = Caffeine.newBuilder()
			.expireAfterWrite(WINDOW)
			.maximumSize(MAX_ADDRESSES)
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
	}

	boolean allows(ServerHttpRequest request) {
		AtomicInteger failed = this.failures.getIfPresent(address(request));
		return failed == null || failed.get() < this.attempts;
	}

	void failed(ServerHttpRequest request) {
		this.failures.get(address(request), (address) -> new AtomicInteger()).incrementAndGet();
	}

	private static String address(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

}

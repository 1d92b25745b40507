package dev.beacon.registry.ui;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Dashboard sessions in Redis, where every registry server finds them: one key per session,
 * named by the digest of its id (a copy of Redis holds no cookie that works), expiring after
 * the idle timeout and renewed by each use; a session past its lifetime is deleted when it is
 * next presented. Signing out deletes the key, which ends the session on every server at once.
 */
final class SessionStore {

	private static final int ID_BYTES = 32;

	/** A session id as {@link #newId} writes it: anything else is not looked up. */
	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final Duration idleTimeout;

	private final Duration lifetime;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	SessionStore(ReactiveStringRedisTemplate redis, String registryKeyPrefix, UiProperties properties, Clock clock) {
		this.redis = redis;
		this.keyPrefix = registryKeyPrefix + ":ui:session:";
		this.idleTimeout = properties.sessionIdleTimeout();
		this.lifetime = properties.sessionLifetime();
		this.clock = clock;
	}

	/**
	 * Opens a session for a token.
	 * @param tokenDigest the token's digest
	 * @return the new session's id and record
	 */
	Mono<OpenedSession> open(String tokenDigest) {
		String id = newId();
		StoredSession session = new StoredSession(tokenDigest, newId(), this.clock.instant());
		return this.redis.opsForValue()
			.set(key(id), session.encode(), this.idleTimeout)
			.thenReturn(new OpenedSession(id, session));
	}

	/**
	 * The session of an id, renewing its idle timeout.
	 * @param id the id, from the cookie
	 * @return the session; empty when there is none, it idled out, or it outlived its lifetime
	 */
	Mono<StoredSession> find(String id) {
		if (!ID.matcher(id).matches()) {
			return Mono.empty();
		}
		String key = key(id);
		return this.redis.opsForValue().getAndExpire(key, this.idleTimeout).flatMap((value) -> {
			StoredSession session;
			try {
				session = StoredSession.decode(value);
			}
			catch (IllegalArgumentException ex) {
				return Mono.empty();
			}
			if (session.createdAt().plus(this.lifetime).isBefore(this.clock.instant())) {
				return this.redis.delete(key).then(Mono.empty());
			}
			return Mono.just(session);
		});
	}

	Mono<Void> close(String id) {
		return ID.matcher(id).matches() ? this.redis.delete(key(id)).then() : Mono.empty();
	}

	Duration lifetime() {
		return this.lifetime;
	}

	private String key(String id) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
			return this.keyPrefix + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private String newId() {
		byte[] bytes = new byte[ID_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * A session just opened.
	 *
	 * @param id its id, for the cookie only
	 * @param session its record
	 */
	record OpenedSession(String id, StoredSession session) {
	}

}

package dev.beacon.registry.ui;

import java.time.Instant;

/**
 * A dashboard session as Redis keeps it. It holds the digest of the token it was opened
 * with, never the token, so that each request finds the token's caller as configured now.
 *
 * @param tokenDigest the token's SHA-256 digest, in hex
 * @param csrf the token a state-changing request must send in {@link CrossSiteRequests#CSRF_HEADER}
 * @param createdAt when it was opened
 */
record StoredSession(String tokenDigest, String csrf, Instant createdAt) {

	private static final String SEPARATOR = " ";

	String encode() {
		return this.tokenDigest + SEPARATOR + this.csrf + SEPARATOR + this.createdAt.toEpochMilli();
	}

	static StoredSession decode(String value) {
		String[] parts = value.split(SEPARATOR, 3);
		if (parts.length != 3) {
			throw new IllegalArgumentException("Not a dashboard session");
		}
		return new StoredSession(parts[0], parts[1], Instant.ofEpochMilli(Long.parseLong(parts[2])));
	}

}

package dev.beacon.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

import javax.security.auth.x500.X500Principal;

import org.jspecify.annotations.Nullable;

/**
 * Finds who presents a token: its name, roles and scopes. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, against every configured token, so the time taken says
 * nothing about how much of a token matched, nor which one.
 */
final class TokenVerifier {

	private final List<KnownToken> tokens;

	TokenVerifier(List<SecurityProperties.Token> tokens) {
		this.tokens = IntStream.range(0, tokens.size()).mapToObj((index) -> {
			SecurityProperties.Token token = tokens.get(index);
			// a token known only by its certificate has no value to present
			byte @Nullable [] digest = (token.value() != null) ? digest(token.value()) : null;
			return new KnownToken(digest, token.certificateSubject(index), new Caller(token.nameOr(index),
					token.roles(), token.writeScope(index), token.readScope(index)));
		}).toList();
	}

	/**
	 * The caller a client certificate stands for.
	 * @param subject the subject of the certificate the client presented, verified by TLS
	 * @return the caller, or {@code null} when no token names that subject
	 */
	@Nullable Caller callerOfCertificate(X500Principal subject) {
		for (KnownToken token : this.tokens) {
			if (subject.equals(token.certificateSubject())) {
				return token.caller();
			}
		}
		return null;
	}

	/**
	 * The caller that presents a token.
	 * @param presented the token's value
	 * @return the caller, or {@code null} when no configured token has that value
	 */
	@Nullable Caller callerOf(String presented) {
		return callerOf(digest(presented));
	}

	private @Nullable Caller callerOf(byte[] digest) {
		Caller found = null;
		for (KnownToken token : this.tokens) {
			byte @Nullable [] known = token.digest();
			if (known != null && MessageDigest.isEqual(known, digest)) {
				found = token.caller();
			}
		}
		return found;
	}

	/**
	 * The caller whose token has a digest, compared as {@link #callerOf} compares tokens.
	 * @param digestHex the digest, as {@link #hex} writes it
	 * @return the caller, or {@code null} when no configured token has that digest
	 */
	@Nullable Caller callerOfDigest(String digestHex) {
		byte[] digest;
		try {
			digest = HexFormat.of().parseHex(digestHex);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		return callerOf(digest);
	}

	static String hex(byte[] digest) {
		return HexFormat.of().formatHex(digest);
	}

	static byte[] digest(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private record KnownToken(byte @Nullable [] digest, @Nullable X500Principal certificateSubject, Caller caller) {
	}

}

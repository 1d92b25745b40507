package dev.beacon.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

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
			return new KnownToken(digest(token.value()), new Caller(token.nameOr(index), token.roles(),
					token.writeScope(index), token.readScope(index)));
		}).toList();
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
			if (MessageDigest.isEqual(token.digest(), digest)) {
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

	private record KnownToken(byte[] digest, Caller caller) {
	}

}

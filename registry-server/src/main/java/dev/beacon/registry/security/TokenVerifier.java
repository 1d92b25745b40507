package dev.beacon.registry.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the roles of a presented token. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, against every configured token, so the time taken says
 * nothing about how much of a token matched, nor which one.
 */
final class TokenVerifier {

	private final List<KnownToken> tokens;

	TokenVerifier(List<SecurityProperties.Token> tokens) {
		this.tokens = tokens.stream().map((token) -> new KnownToken(digest(token.value()), token.roles())).toList();
	}

	Set<Role> rolesOf(String presented) {
		byte[] digest = digest(presented);
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (KnownToken token : this.tokens) {
			if (MessageDigest.isEqual(token.digest(), digest)) {
				roles.addAll(token.roles());
			}
		}
		return roles;
	}

	private static byte[] digest(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private record KnownToken(byte[] digest, Set<Role> roles) {
	}

}

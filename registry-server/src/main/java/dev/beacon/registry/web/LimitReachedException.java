package dev.beacon.registry.web;

/**
 * A watch stream or blocking query beyond a limit of {@link OpenStreams}: answered {@code 429}
 * when the token's, {@code 503} when the server's, with {@code Retry-After}.
 */
class LimitReachedException extends RuntimeException {

	private final boolean perToken;

	LimitReachedException(boolean perToken, String detail) {
		super(detail, null, false, false);
		this.perToken = perToken;
	}

	boolean isPerToken() {
		return this.perToken;
	}

}

package dev.beacon.registry.web;

/**
 * A call on a service outside the caller's token's scope: answered {@code 403} naming it.
 */
class OutOfScopeException extends RuntimeException {

	OutOfScopeException(String detail) {
		super(detail, null, false, false);
	}

}

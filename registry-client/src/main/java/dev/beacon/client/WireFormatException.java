package dev.beacon.client;

/**
 * A document that is not one of the wire contract's: unreadable JSON, or a field of the
 * wrong kind or missing.
 */
public class WireFormatException extends RuntimeException {

	WireFormatException(String message, Throwable cause) {
		super(message, cause);
	}

	WireFormatException(String message) {
		super(message);
	}

}

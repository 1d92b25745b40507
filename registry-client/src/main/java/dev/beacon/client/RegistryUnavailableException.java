package dev.beacon.client;

/**
 * No registry server answered a call.
 */
public class RegistryUnavailableException extends RuntimeException {

	RegistryUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}

package dev.beacon.client;

/**
 * A registry server refused a call (a 4xx answer other than an unknown lease): retrying the
 * same call will not help.
 */
public class RegistryRejectedException extends RuntimeException {

	private final int status;

	RegistryRejectedException(int status, String message) {
		super(message);
		this.status = status;
	}

	public int getStatus() {
		return this.status;
	}

}

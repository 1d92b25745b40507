package dev.beacon.registry.web;

/**
 * A request the API refuses before writing anything, naming the field that was wrong.
 */
class InvalidRequestException extends RuntimeException {

	private final String field;

	InvalidRequestException(String field, String detail) {
		super(detail, null, false, false);
		this.field = field;
	}

	String getField() {
		return this.field;
	}

}

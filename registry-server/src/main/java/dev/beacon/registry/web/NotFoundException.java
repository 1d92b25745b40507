package dev.beacon.registry.web;

/**
 * An instance the registry does not know.
 */
class NotFoundException extends RuntimeException {

	NotFoundException(String detail) {
		super(detail, null, false, false);
	}

	static NotFoundException instance(String service, String id) {
		return new NotFoundException("Instance '" + id + "' of service '" + service + "' is not registered");
	}

}

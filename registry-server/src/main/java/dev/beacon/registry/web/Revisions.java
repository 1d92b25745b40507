package dev.beacon.registry.web;

/**
 * The response header that carries a service's revision.
 */
final class Revisions {

	static final String HEADER = "X-Beacon-Revision";

	private Revisions() {
	}

}

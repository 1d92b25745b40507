package dev.beacon.registry.web;

import org.springframework.web.server.ServerWebExchange;

import dev.beacon.registry.security.Caller;

/**
 * The {@link Caller} that {@link BearerTokenFilter} granted a request.
 */
final class Callers {

	private Callers() {
	}

	static Caller of(ServerWebExchange exchange) {
		Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
		return (caller != null) ? caller : Caller.ANONYMOUS;
	}

	/**
	 * Refuses services the caller may not read.
	 * @param caller the caller
	 * @param services the services a request names
	 * @throws OutOfScopeException naming the first service out of its scope
	 */
	static void checkReadable(Caller caller, Iterable<String> services) {
		for (String service : services) {
			if (!caller.mayRead(service)) {
				throw new OutOfScopeException("The token '" + caller.name() + "' may not read the service '" + service
						+ "'");
			}
		}
	}

}

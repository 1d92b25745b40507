package dev.beacon.registry.ui;

import org.jspecify.annotations.Nullable;

import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.Caller;
import dev.beacon.registry.security.Role;

/**
 * What the dashboard's page learns of its session: who is signed in, what the page may show
 * and offer, and the CSRF token its changes send. The session's id stays in the cookie.
 *
 * @param signedIn whether a session is open
 * @param name the token's name, when signed in
 * @param read whether the page may read services
 * @param write whether the page may change instances
 * @param csrf the token to send in {@link CrossSiteRequests#CSRF_HEADER}, when signed in
 * @param signInNeeded whether the registry takes tokens at all: without, there is nothing to
 * sign in to
 */
record DashboardSession(boolean signedIn, @Nullable String name, boolean read, boolean write, @Nullable String csrf,
		boolean signInNeeded) {

	static DashboardSession of(Caller caller, String csrf) {
		return new DashboardSession(true, caller.name(), true, caller.roles().contains(Role.WRITE), csrf, true);
	}

	/** No session: reads may be open, and with tokens off writes are too. */
	static DashboardSession none(ApiAccess access) {
		return new DashboardSession(false, null, !access.isEnabled() || access.isOpenReads(), !access.isEnabled(),
				null, access.isEnabled());
	}

}

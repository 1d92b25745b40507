package dev.beacon.registry.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who makes a request, as far as the registry knows: the name of the token presented (never its
 * value), its roles and the services it may write and read. Held as an attribute of the
 * request's exchange once {@link ApiAccess} granted it.
 *
 * @param name the token's name, or {@code anonymous} when no token was needed
 * @param roles the token's roles
 * @param writes the services it may register, change and remove instances of
 * @param reads the services it may read and watch
 */
public record Caller(String name, Set<Role> roles, ServiceScope writes, ServiceScope reads) {

	/** The exchange attribute that holds the caller. */
	public static final String ATTRIBUTE = Caller.class.getName();

	/** A request that needed no token: open reads, or security switched off. */
	public static final Caller ANONYMOUS = new Caller("anonymous", EnumSet.allOf(Role.class), ServiceScope.ALL,
			ServiceScope.ALL);

	public Caller {
		roles = Set.copyOf(roles);
	}

	public boolean mayRead(String service) {
		return this.reads.allows(service);
	}

	public boolean mayWrite(String service) {
		return this.writes.allows(service);
	}

}

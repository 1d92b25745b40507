package dev.beacon.discovery.catalog;

import java.util.Set;
import java.util.function.Consumer;

/**
 * The names of the services that have at least one registered instance, whatever its status,
 * as the catalog knows them, and a way to hear when they change. For whoever routes by
 * service name (Beacon's gateway): reading the names costs one volatile read, and a listener
 * hears of every change in order, without ordering itself against other listeners of
 * Spring Cloud's {@code HeartbeatEvent}.
 */
public interface DiscoveredServices {

	/**
	 * The names now: empty until the registry's first snapshot arrived.
	 * @return an immutable set
	 */
	Set<String> names();

	/**
	 * Calls a listener with the names whenever they change, on the thread that applied the
	 * change, one change at a time. When the catalog already holds a snapshot, the listener is
	 * first called at once with the names as they are.
	 * @param listener the listener, given each new immutable set
	 */
	void subscribe(Consumer<Set<String>> listener);

}

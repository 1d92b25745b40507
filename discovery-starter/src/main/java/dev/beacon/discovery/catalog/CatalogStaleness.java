package dev.beacon.discovery.catalog;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * How current the catalog is: whether its change stream is open, since when it is not, when
 * it last changed and how many events it received. When the registry cannot be reached, the
 * last known instances keep being served (stale data beats no data): this is what says so,
 * in the log once per outage, in health and in metrics.
 */
public class CatalogStaleness {

	private static final Log logger = LogFactory.getLog(CatalogStaleness.class);

	private final Clock clock;

	private final LongAdder eventsReceived = new LongAdder();

	private volatile @Nullable Instant lastUpdate;

	private volatile @Nullable Instant staleSince;

	private volatile boolean connected;

	public CatalogStaleness(Clock clock) {
		this.clock = clock;
	}

	Clock clock() {
		return this.clock;
	}

	void connected(URI server) {
		this.connected = true;
		if (this.staleSince != null) {
			logger.info("Change stream from " + server + " restored; instance data no longer stale");
		}
		this.staleSince = null;
	}

	void disconnected(URI server, String cause) {
		this.connected = false;
		if (this.staleSince == null) {
			this.staleSince = this.clock.instant();
			logger.warn("Change stream from " + server + " lost (" + cause
					+ "); serving the last known instances until it reconnects");
		}
	}

	void eventReceived() {
		this.eventsReceived.increment();
	}

	void updated() {
		this.lastUpdate = this.clock.instant();
	}

	public boolean isConnected() {
		return this.connected;
	}

	public @Nullable Instant staleSince() {
		return this.staleSince;
	}

	public @Nullable Instant lastUpdate() {
		return this.lastUpdate;
	}

	public long eventsReceived() {
		return this.eventsReceived.sum();
	}

}

package dev.beacon.gateway.routing;

import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;


/**
 * Has Spring Cloud LoadBalancer build its per-service context for a service as soon as the
 * service appears, on a thread of its own. Left alone, LoadBalancer builds it during the first
 * request to the service, on an event loop: that request and every other one on the same loop
 * wait for a Spring context to start (tens of milliseconds, far more on a busy machine). An
 * instance that registers as {@code STARTING} and turns {@code UP} when ready, as the starter's
 * do, finds its context built by the time it takes traffic. Services known when the gateway
 * starts are left to be built on first use, as LoadBalancer does: building hundreds at once
 * would cost start-up time and memory for services that may never be called.
 */
class LoadBalancerWarmer implements Consumer<Set<String>>, AutoCloseable {

	private static final Log logger = LogFactory.getLog(LoadBalancerWarmer.class);

	private final Consumer<String> build;

	private final Executor executor;

	private final int limit;

	private int built;

	private boolean limitReached;

	private @Nullable Set<String> seen;

	private volatile boolean closed;

	/**
	 * @param build builds one service's LoadBalancer context
	 * @param executor where contexts are built, off the event loops; its owner shuts it down
	 * @param limit how many contexts to build ahead at most
	 */
	LoadBalancerWarmer(Consumer<String> build, Executor executor, int limit) {
		this.build = build;
		this.executor = executor;
		this.limit = limit;
	}

	/**
	 * Takes in the services as they are now: the first set is the services known at start,
	 * each later one may hold services that appeared since.
	 * @param current the names of the services with any instance
	 */
	@Override
	public void accept(Set<String> current) {
		if (this.closed) {
			return;
		}
		Set<String> appeared = new HashSet<>(current);
		List<String> toBuild = new ArrayList<>();
		synchronized (this) {
			if (this.seen == null) {
				appeared.clear();
			}
			else {
				appeared.removeAll(this.seen);
			}
			this.seen = current;
			for (String service : appeared) {
				if (this.built < this.limit) {
					this.built++;
					toBuild.add(service);
				}
				else if (!this.limitReached) {
					this.limitReached = true;
					logger.info("Built the LoadBalancer context of " + this.limit + " services ahead of their first "
							+ "request (beacon.gateway.warm-load-balancers); later services get theirs on first use");
				}
			}
		}
		toBuild.forEach((service) -> this.executor.execute(() -> buildQuietly(service)));
	}

	private void buildQuietly(String service) {
		try {
			this.build.accept(service);
		}
		catch (RuntimeException ex) {
			// the first request builds it again and reports what is wrong
			logger.debug("LoadBalancer context of " + service + " not built ahead: " + ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.closed = true;
	}

}

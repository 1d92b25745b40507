package dev.beacon.gateway.transport;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.FastThreadLocalThread;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;

/**
 * A connection pool per Netty event loop, so that a request is proxied on a connection of the
 * event loop that received it.
 * <p>
 * With one pool for all loops, an idle connection is handed to whichever loop asks first: most
 * requests then cross to another thread to be sent and cross back with their answer, each
 * crossing a task queued and a loop woken up. Reactor Netty opens a connection on the loop that
 * asks for it, so a pool used by one loop only holds connections of that loop. Connections
 * asked for from a thread that is not Netty's (a scheduler's, a test's) come from the pool this
 * provider was built from; every pool has that pool's settings.
 */
final class EventLoopLocalConnectionProvider implements ConnectionProvider {

	private final ConnectionProvider shared;

	private final Map<Thread, ConnectionProvider> perLoop = new ConcurrentHashMap<>();

	private final AtomicInteger loops = new AtomicInteger();

	/**
	 * @param shared the pool for requests from other threads, and the settings of the pool
	 * created for each event loop (named like it, with a number appended)
	 */
	EventLoopLocalConnectionProvider(ConnectionProvider shared) {
		this.shared = shared;
	}

	@Override
	public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
			Supplier<? extends SocketAddress> remoteAddress, AddressResolverGroup<?> resolverGroup) {
		return poolOf(Thread.currentThread()).acquire(config, observer, remoteAddress, resolverGroup);
	}

	private ConnectionProvider poolOf(Thread thread) {
		if (!(thread instanceof FastThreadLocalThread)) {
			return this.shared;
		}
		ConnectionProvider pool = this.perLoop.get(thread);
		return (pool != null) ? pool : this.perLoop.computeIfAbsent(thread, (loop) -> newPool());
	}

	private ConnectionProvider newPool() {
		return this.shared.mutate().name(this.shared.name() + "-" + this.loops.incrementAndGet()).build();
	}

	/** How many event loops have a pool of their own. */
	int eventLoopPools() {
		return this.perLoop.size();
	}

	@Override
	public void disposeWhen(SocketAddress address) {
		this.shared.disposeWhen(address);
		this.perLoop.values().forEach((pool) -> pool.disposeWhen(address));
	}

	@Override
	public Mono<Void> disposeLater() {
		return Flux.concat(this.perLoop.values().stream().map(ConnectionProvider::disposeLater).toList())
			.then(this.shared.disposeLater());
	}

	@Override
	public boolean isDisposed() {
		return this.shared.isDisposed();
	}

	@Override
	public int maxConnections() {
		return this.shared.maxConnections();
	}

	@Override
	public Map<SocketAddress, Integer> maxConnectionsPerHost() {
		return this.shared.maxConnectionsPerHost();
	}

	@Override
	public Builder mutate() {
		return this.shared.mutate();
	}

	@Override
	public String name() {
		return this.shared.name();
	}

}

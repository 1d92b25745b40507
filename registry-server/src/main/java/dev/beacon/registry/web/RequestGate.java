package dev.beacon.registry.web;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Lets requests in while the registry runs, and turns away those that come once it stops.
 * The web server's graceful shutdown waits for the requests in progress, but a client that
 * sent its next request on a kept-alive connection before the server closed it still has that
 * request read and handled, while the context goes on stopping; against a stopped Redis
 * connection factory it would fail with an error in the log. So the gate closes after the web
 * server has stopped and before the change feed and the connection factory stop: a later
 * request is answered {@code 503}, and the gate's stop ends once the requests in progress
 * have, so that none reaches Redis after its connection factory stopped.
 */
final class RequestGate implements SmartLifecycle {

	private final ApiProblems problems;

	private final AtomicInteger inProgress = new AtomicInteger();

	private final AtomicReference<@Nullable Runnable> whenIdle = new AtomicReference<>();

	private volatile boolean open;

	RequestGate(ApiProblems problems) {
		this.problems = problems;
	}

	/**
	 * Guards a handler with this gate.
	 * @param handler the handler of every request
	 * @return a handler that passes requests on while the gate is open
	 */
	HttpHandler guard(HttpHandler handler) {
		return (request, response) -> {
			this.inProgress.incrementAndGet();
			if (!this.open) {
				left();
				return this.problems.write(response, ApiProblems.stopping(request.getPath().value()));
			}
			return Mono.defer(() -> handler.handle(request, response)).doFinally((signal) -> left());
		};
	}

	private void left() {
		if (this.inProgress.decrementAndGet() == 0 && !this.open) {
			idle();
		}
	}

	private void idle() {
		Runnable callback = this.whenIdle.getAndSet(null);
		if (callback != null) {
			callback.run();
		}
	}

	@Override
	public void start() {
		this.open = true;
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	/**
	 * Closes the gate, and calls back once no request is in progress.
	 */
	@Override
	public void stop(Runnable callback) {
		this.whenIdle.set(callback);
		this.open = false;
		if (this.inProgress.get() == 0) {
			idle();
		}
	}

	@Override
	public boolean isRunning() {
		return this.open;
	}

	/**
	 * Stops after the web server, and before the change feed (phase 1) and the Redis
	 * connection factory (phase 0).
	 */
	@Override
	public int getPhase() {
		return 2;
	}

}

package dev.beacon.discovery.catalog;

import org.springframework.context.SmartLifecycle;

import dev.beacon.client.ChangeStream;

/**
 * Opens the change stream with the application context and closes it with the context.
 */
final class ChangeStreamLifecycle implements SmartLifecycle {

	private final ChangeStream stream;

	ChangeStreamLifecycle(ChangeStream stream) {
		this.stream = stream;
	}

	@Override
	public void start() {
		this.stream.start();
	}

	@Override
	public void stop() {
		this.stream.stop();
	}

	@Override
	public boolean isRunning() {
		return this.stream.isRunning();
	}

	/**
	 * Starts before the web server and stops after it, so that discovery works while the
	 * application serves requests, graceful shutdown included.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

}

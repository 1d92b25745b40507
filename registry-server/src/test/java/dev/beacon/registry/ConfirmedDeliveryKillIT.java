package dev.beacon.registry;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.beacon.client.Delivery;
import dev.beacon.testsupport.FreePorts;
import dev.beacon.testsupport.JavaProcess;
import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry server killed (SIGKILL) while a change waits for its delivery to that server's
 * watchers: the wait is not held to its timeout by a server that can no longer deliver (its
 * watchers lost their streams and resume on another server, where they get the change); it
 * ends once the dead server's published position goes stale, confirmed by the servers left.
 */
class ConfirmedDeliveryKillIT {

	private final String prefix = TestRegistry.newPrefix();

	private final TestRegistry first = TestRegistry.start(this.prefix);

	private JavaProcess second;

	@AfterEach
	void stop() {
		if (this.second != null) {
			this.second.close();
		}
		this.first.close();
	}

	@Test
	void aServerKilledDuringTheWaitIsNoLongerWaitedFor() throws Exception {
		int port = FreePorts.next();
		String secondUrl = "http://127.0.0.1:" + port;
		List<String> arguments = new ArrayList<>(List.of(TestRegistry.arguments(RedisServers.shared(), this.prefix,
				TestRegistry.TOKEN, List.of("beacon.registry.watch.buffer-size=16"))));
		arguments.replaceAll((argument) -> argument.equals("--server.port=0") ? "--server.port=" + port : argument);
		this.second = JavaProcess.start(Path.of(System.getProperty("registry.jar")), "registry-killed-during-wait",
				arguments);
		this.second.awaitHttpOk(secondUrl + "/actuator/health", Duration.ofSeconds(60));
		assertThat(this.first.register("bulky", "bulky-1", ConfirmedDeliveryTests.bulkyInstance())).isEqualTo(201);

		try (Socket stalled = ConfirmedDeliveryTests.stalledWatcher(secondUrl, "bulky")) {
			// changes fill the stalled watcher's socket and connection until the next one is held
			boolean up = false;
			Delivery answer = null;
			for (int change = 0; change < 2000 && (answer == null || answer.delivered()); change++) {
				answer = ConfirmedDeliveryTests.setStatus(this.first, "bulky", "bulky-1", up ? "UP" : "OUT_OF_SERVICE",
						"300ms");
				up = !up;
			}
			assertThat(answer).isNotNull();
			assertThat(answer.delivered()).isFalse();
			String next = up ? "UP" : "OUT_OF_SERVICE";

			CompletableFuture<Delivery> waiting = CompletableFuture
				.supplyAsync(() -> ConfirmedDeliveryTests.setStatus(this.first, "bulky", "bulky-1", next, "30s"));
			this.second.kill();

			// were the dead server still counted, it would stay behind and the answer be "not delivered"
			Delivery confirmed = waiting.get(40, TimeUnit.SECONDS);
			assertThat(confirmed.delivered()).as("%s", confirmed).isTrue();
			assertThat(confirmed.servers()).isEqualTo(1);
			assertThat(confirmed.behind()).isEmpty();
		}
	}

}

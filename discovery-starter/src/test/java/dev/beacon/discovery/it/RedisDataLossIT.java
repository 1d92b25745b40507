package dev.beacon.discovery.it;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.ManagedRedis;
import dev.beacon.testsupport.RedisServers;
import dev.beacon.testsupport.RegistryEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing relies on Redis persistence: when Redis loses everything, each registered
 * application's next heartbeat is answered "unknown", it registers again, and it is back.
 */
class RedisDataLossIT {

	private ManagedRedis redis;

	private RegistryServer registry;

	private ConfigurableApplicationContext greeting;

	private ConfigurableApplicationContext caller;

	@AfterEach
	void stop() {
		if (this.caller != null) {
			this.caller.close();
		}
		if (this.greeting != null) {
			this.greeting.close();
		}
		this.registry.close();
		this.redis.close();
	}

	@Test
	void everyApplicationIsBackAfterFlushAll() {
		this.redis = RedisServers.startNew();
		this.registry = new RegistryServer(this.redis.endpoint(), "beacon", "registry-flush").start();
		this.greeting = TestApps.greeting(this.registry.url());
		this.caller = TestApps.caller(this.registry.url());
		String greetingId = TestApps.instanceId(this.greeting);
		String callerId = TestApps.instanceId(this.caller);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestApps.registeredIds(this.registry.url(), "greeting").contains(greetingId)
					&& TestApps.registeredIds(this.registry.url(), "caller").contains(callerId));

		RedisClient client = RedisClient.create(this.redis.endpoint().uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().flushall();

			// heartbeats run every second here; each answered 404 registers again, which the
			// change log, emptied by the loss, then records
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(RegistryEvents.read(this.redis.endpoint(), "beacon"))
					.anySatisfy((event) -> assertThat(event).containsEntry("type", "register")
						.containsEntry("id", greetingId))
					.anySatisfy((event) -> assertThat(event).containsEntry("type", "register")
						.containsEntry("id", callerId));
				assertThat(TestApps.registeredIds(this.registry.url(), "greeting")).containsExactly(greetingId);
				assertThat(TestApps.registeredIds(this.registry.url(), "caller")).containsExactly(callerId);
			});
		}
		finally {
			client.shutdown();
		}
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
			.untilAsserted(() -> assertThat(TestApps.callGreeting(this.caller)).isEqualTo(greetingId));
	}

}

package dev.beacon.discovery.it;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * App A registers; app B's {@code @LoadBalanced} {@code RestClient} reaches it, then a second
 * instance of A too; one instance of A shuts down gracefully while B calls without pause, and
 * not one call fails.
 */
class LoadBalancedCallsIT {

	private RegistryServer registry;

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	private ConfigurableApplicationContext caller;

	@BeforeEach
	void start() {
		this.registry = new RegistryServer(RedisServers.shared(), "lb" + System.nanoTime(), "registry-lb").start();
	}

	@AfterEach
	void stop() {
		close(this.caller);
		close(this.second);
		close(this.first);
		this.registry.close();
	}

	@Test
	void callsReachEveryInstanceAndNoneFailsWhileOneLeavesGracefully() throws Exception {
		this.first = TestApps.greeting(this.registry.url());
		this.caller = TestApps.caller(this.registry.url());
		String firstId = TestApps.instanceId(this.first);
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
			.untilAsserted(() -> assertThat(TestApps.callGreetingWithEveryClient(this.caller)).containsOnly(firstId));

		this.second = TestApps.greeting(this.registry.url());
		String secondId = TestApps.instanceId(this.second);
		Set<String> answered = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			answered.addAll(TestApps.callGreetingWithEveryClient(this.caller));
			return answered.containsAll(Set.of(firstId, secondId));
		});

		AtomicBoolean calling = new AtomicBoolean(true);
		AtomicInteger failures = new AtomicInteger();
		AtomicInteger afterLeave = new AtomicInteger();
		AtomicBoolean left = new AtomicBoolean();
		Thread load = new Thread(() -> {
			while (calling.get()) {
				try {
					String id = TestApps.callGreeting(this.caller);
					if (left.get()) {
						afterLeave.incrementAndGet();
						assertThat(id).isEqualTo(secondId);
					}
				}
				catch (Throwable ex) {
					failures.incrementAndGet();
				}
			}
		});
		load.start();
		try {
			this.first.close();
			left.set(true);
			await().atMost(Duration.ofSeconds(20)).until(() -> afterLeave.get() >= 200);
		}
		finally {
			calling.set(false);
			load.join(10_000);
		}
		assertThat(failures).hasValue(0);
		assertThat(TestApps.registeredIds(this.registry.url(), "greeting")).containsExactly(secondId);
	}

	private static void close(ConfigurableApplicationContext context) {
		if (context != null) {
			context.close();
		}
	}

}

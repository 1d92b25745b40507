package dev.beacon.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Under steady load through the gateway, instances crash or restart one after the other, and
 * not one request fails.
 */
class GatewayFailoverIT {

	private static Platform platform;

	private static Platform.Gateway gateway;

	@BeforeAll
	static void start() {
		platform = new Platform().startRegistry();
		gateway = platform.startGateway();
		gateway.awaitReady();
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@Test
	void instanceKilledWithSigkillCostsNoRequest() throws Exception {
		List<Platform.Instance> instances = startInstances("crash", 3);
		try (SteadyLoad load = SteadyLoad.start(gateway.url() + "/crash/hello", 4)) {
			load.awaitMore(300);
			instances.get(0).process().kill();
			load.awaitMore(1000);
			assertThat(load.failures()).isEmpty();
		}
		// the registry drops the crashed instance when its lease expires
		await().atMost(Duration.ofSeconds(40))
			.until(() -> platform.upInstances("crash").size() == 2);
	}

	@Test
	void rollingRestartUnderLoadCostsNoRequest() throws Exception {
		List<Platform.Instance> instances = startInstances("rolling", 3);
		try (SteadyLoad load = SteadyLoad.start(gateway.url() + "/rolling/hello", 4)) {
			load.awaitMore(300);
			for (Platform.Instance instance : instances) {
				instance.process().stop();
				Platform.Instance restarted = platform.startInstance("rolling", instance.port());
				restarted.awaitReady();
				await().atMost(Duration.ofSeconds(20)).until(() -> platform.upInstances("rolling").size() == 3);
				load.awaitMore(200);
			}
			assertThat(load.failures()).isEmpty();
		}
	}

	private static List<Platform.Instance> startInstances(String service, int count) {
		List<Platform.Instance> instances = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			instances.add(platform.startInstance(service));
		}
		instances.forEach(Platform.Instance::awaitReady);
		await().atMost(Duration.ofSeconds(30)).until(() -> platform.upInstances(service).size() == count);
		return instances;
	}

}

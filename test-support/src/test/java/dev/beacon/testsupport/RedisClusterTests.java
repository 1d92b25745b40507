package dev.beacon.testsupport;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class RedisClusterTests {

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	private static final int KEYS = 200;

	@Test
	void replicaTakesOverTheSlotsOfAKilledPrimaryAndCloseStopsEveryNode() {
		String nodes;
		try (RedisCluster cluster = RedisCluster.start(3, 1, NODE_TIMEOUT);
				RedisClusterClient client = RedisClusterClient.create(uris(cluster.nodes()))) {
			nodes = cluster.nodes();
			assertThat(nodes.split(",")).hasSize(6).allMatch((node) -> node.matches("127\\.0\\.0\\.1:\\d+"));
			List<ManagedRedis> primaries = cluster.primaries();
			assertThat(primaries).hasSize(3);
			client.setOptions(ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.adaptiveRefreshTriggersTimeout(Duration.ofMillis(100)) // Lettuce ships 30 s
					.build())
				.build());
			try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
				connection.setTimeout(COMMAND_TIMEOUT);
				RedisAdvancedClusterCommands<String, String> redis = connection.sync();
				IntStream.range(0, KEYS).forEach((i) -> redis.set(key(i), "value " + i));
				IntStream.range(0, KEYS).forEach((i) -> assertThat(redis.get(key(i))).isEqualTo("value " + i));
				assertThat(IntStream.range(0, KEYS).mapToObj((i) -> SlotHash.getSlot(key(i))).collect(Collectors.toSet()))
					.hasSizeGreaterThan(KEYS / 2);
				Set<ManagedRedis> serving = IntStream.range(0, KEYS)
					.mapToObj((i) -> cluster.primaryServing(SlotHash.getSlot(key(i))))
					.collect(Collectors.toSet());
				assertThat(serving).containsExactlyInAnyOrderElementsOf(primaries);

				int slot = SlotHash.getSlot(key(0));
				ManagedRedis killed = cluster.primaryServing(slot);
				killed.kill();
				cluster.awaitHealthy();

				ManagedRedis successor = cluster.primaryServing(slot);
				assertThat(successor).isNotEqualTo(killed).isNotIn(primaries);
				assertThat(cluster.primaries()).hasSize(3).contains(successor).doesNotContain(killed);
				await().atMost(Duration.ofSeconds(20))
					.ignoreExceptionsInstanceOf(RedisException.class)
					.untilAsserted(() -> assertThat(redis.set(key(0), "after the failover")).isEqualTo("OK"));
				assertThat(redis.get(key(0))).isEqualTo("after the failover");
			}
		}
		for (String node : nodes.split(",")) {
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(node));
		}
	}

	@Test
	void startRefusesAClusterWithoutPrimaries() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisCluster.start(0, 1, NODE_TIMEOUT))
			.withMessageContaining("primaries");
	}

	private static String key(int i) {
		return "redis-cluster-tests:" + i;
	}

	private static List<RedisURI> uris(String nodes) {
		return Arrays.stream(nodes.split(",")).map((node) -> RedisURI.create("redis://" + node)).toList();
	}

	private static void connect(String node) throws Exception {
		String[] hostAndPort = node.split(":");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 1000);
		}
	}

}

package dev.beacon.testsupport;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisServersTests {

	private static RedisClient client;

	private final String key = "redis-servers-tests:" + UUID.randomUUID();

	@BeforeAll
	static void createClient() {
		client = RedisClient.create();
	}

	@AfterAll
	static void shutdownClient() {
		client.shutdown();
	}

	@Test
	void sharedAnswersPingTwiceOnTheSameEndpoint() {
		RedisEndpoint first = RedisServers.shared();
		RedisEndpoint second = RedisServers.shared();
		assertThat(second).isEqualTo(first);
		assertThat(ping(first)).isEqualTo("PONG");
		assertThat(ping(second)).isEqualTo("PONG");
	}

	@Test
	void startNewGivesAServerDistinctFromTheSharedOne() {
		try (ManagedRedis redis = RedisServers.startNew()) {
			assertThat(redis.endpoint()).isNotEqualTo(RedisServers.shared());
			assertThat(redis.endpoint().host()).isEqualTo("127.0.0.1");
			redis(redis.endpoint(), (commands) -> commands.set(key, "private"));
			assertThat(get(RedisServers.shared(), key)).isNull();
		}
	}

	@Test
	void startNewGivesServersOnDifferentPorts() {
		try (ManagedRedis first = RedisServers.startNew(); ManagedRedis second = RedisServers.startNew()) {
			assertThat(first.endpoint().port()).isNotEqualTo(second.endpoint().port());
			assertThat(ping(first.endpoint())).isEqualTo("PONG");
			assertThat(ping(second.endpoint())).isEqualTo("PONG");
		}
	}

	@Test
	void stopRefusesConnectionsOnThePort() {
		try (ManagedRedis redis = RedisServers.startNew()) {
			RedisEndpoint endpoint = redis.endpoint();
			assertThat(ping(endpoint)).isEqualTo("PONG");
			redis.stop();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(endpoint));
		}
	}

	@Test
	void startAfterStopAnswersPingOnTheSamePortWithNoDataKept() {
		try (ManagedRedis redis = RedisServers.startNew()) {
			RedisEndpoint endpoint = redis.endpoint();
			redis(endpoint, (commands) -> commands.set(key, "before restart"));
			redis.stop();
			redis.start();
			assertThat(redis.endpoint()).isEqualTo(endpoint);
			assertThat(ping(endpoint)).isEqualTo("PONG");
			assertThat(get(endpoint, key)).isNull();
		}
	}

	@Test
	void closeStopsTheServer() {
		RedisEndpoint endpoint;
		try (ManagedRedis redis = RedisServers.startNew()) {
			endpoint = redis.endpoint();
			assertThat(ping(endpoint)).isEqualTo("PONG");
		}
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(endpoint));
	}

	@Test
	void startFailsWhileAnotherRedisHoldsThePort() {
		try (ManagedRedis holder = RedisServers.startNew();
				ManagedRedis intruder = new ManagedRedis(RedisBinary.locate(), holder.endpoint().port())) {
			assertThatIllegalStateException().isThrownBy(intruder::start)
				.withMessageContaining("exited with code")
				.withMessageContaining("Address already in use");
			assertThat(ping(holder.endpoint())).isEqualTo("PONG");
		}
	}

	@Test
	void parseReadsHostAndPortOfRedisUrl() {
		assertThat(RedisServers.parse("redis://localhost:6380")).isEqualTo(new RedisEndpoint("localhost", 6380));
		assertThat(RedisServers.parse("redis://redis.example")).isEqualTo(new RedisEndpoint("redis.example", 6379));
		assertThat(new RedisEndpoint("localhost", 6380).uri()).isEqualTo("redis://localhost:6380");
		assertThatIllegalStateException().isThrownBy(() -> RedisServers.parse("redis://:secret@localhost:6380"))
			.withMessageNotContaining("secret");
	}

	private static String ping(RedisEndpoint endpoint) {
		return redis(endpoint, RedisCommands::ping);
	}

	private static String get(RedisEndpoint endpoint, String key) {
		return redis(endpoint, (commands) -> commands.get(key));
	}

	private static <T> T redis(RedisEndpoint endpoint, Function<RedisCommands<String, String>, T> action) {
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(endpoint.uri()))) {
			return action.apply(connection.sync());
		}
	}

	private static void connect(RedisEndpoint endpoint) throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 1000);
		}
	}

}

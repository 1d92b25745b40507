package dev.beacon.registry.checks;

import java.net.http.HttpResponse;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import dev.beacon.testsupport.RedisServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check may only target its instance's own host and port: one that names another host, a
 * scheme, or climbs out of its path, or that is malformed, is refused with a 400 problem naming
 * the field, and nothing in Redis changes.
 */
class CheckRefusalTests {

	private static final String PREFIX = CheckTestRegistry.newPrefix();

	private static CheckTestRegistry registry;

	private static RedisClient redisClient;

	private static StatefulRedisConnection<String, String> redis;

	@BeforeAll
	static void start() {
		registry = CheckTestRegistry.start(PREFIX);
		redisClient = RedisClient.create(RedisServers.shared().uri());
		redis = redisClient.connect();
	}

	@AfterAll
	static void stop() {
		registry.close();
		redis.close();
		redisClient.shutdown();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			"http":"http://10.0.0.99/health"                  | check.http
			"http":"https://evil.example/health"              | check.http
			"http":"//evil.example/health"                    | check.http
			"http":"evil.example:80/health"                   | check.http
			"http":"/../admin"                                | check.http
			"http":"/a/%2e%2e/b"                              | check.http
			"http":"/health#x"                                | check.http
			"http":"\\\\evil.example\\health"                 | check.http
			"http":"/health","tcp":true                       | check
			"interval":"10s"                                  | check
			"http":"/health","interval":"ten seconds"         | check.interval
			"http":"/health","interval":"1ms"                 | check.interval
			"http":"/health","timeout":"20s"                  | check.timeout
			"http":"/health","deregisterAfter":"1ms"          | check.deregisterAfter
			""")
	void checkIsRefusedNamingTheFieldAndNothingIsStored(String check, String field) {
		String body = "{\"host\":\"10.0.0.1\",\"port\":8080,\"check\":{" + check
				+ (check.contains("interval") ? "" : ",\"interval\":\"10s\"") + "}}";
		Map<String, String> before = stored();
		HttpResponse<String> response = registry.register("orders", "orders-1", body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(JsonMapper.builder().build().readTree(response.body()).path("field").asString()).isEqualTo(field);
		assertThat(stored()).isEqualTo(before);
		assertThat(registry.instance("orders", "orders-1")).isNull();
	}

	/** Every key of the registry's state under the prefix with its type and size. */
	private static Map<String, String> stored() {
		Map<String, String> keys = new java.util.TreeMap<>();
		for (String key : redis.sync().keys(PREFIX + ":*")) {
			if (key.contains(":reaper:") || key.contains("deliver")) {
				continue;
			}
			String type = redis.sync().type(key);
			String size = switch (type) {
				case "hash" -> redis.sync().hgetall(key).toString();
				case "zset" -> redis.sync().zrange(key, 0, -1).toString();
				case "stream" -> Long.toString(redis.sync().xlen(key));
				default -> type;
			};
			keys.put(key, size);
		}
		return keys;
	}

}

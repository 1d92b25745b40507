package dev.beacon.testsupport;

/**
 * Where a Redis server answers.
 *
 * @param host host name or address
 * @param port TCP port
 */
public record RedisEndpoint(String host, int port) {

	public RedisEndpoint {
		if (host.isBlank()) {
			throw new IllegalArgumentException("host must not be blank");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must lie between 1 and 65535, not " + port);
		}
	}

	/**
	 * Return the endpoint as a Redis URI, such as {@code redis://127.0.0.1:6379}.
	 * @return the URI that Lettuce and {@code spring.data.redis.url} accept
	 */
	public String uri() {
		String uriHost = host.contains(":") ? "[" + host + "]" : host;
		return "redis://" + uriHost + ":" + port;
	}

	@Override
	public String toString() {
		return uri();
	}

}

package dev.beacon.benchmarks;

import java.util.Map;

import dev.beacon.benchmarks.LoadGenerator.Request;

/**
 * The same registry operations in Beacon's API and in Eureka's REST API, so one load generator
 * drives both. Every instance points at a loopback address: nothing ever calls it.
 */
interface RegistryApi {

	/**
	 * Lease asked for by every benchmark instance: long enough to outlast the run, so that no
	 * mass expiry lands in a later workload.
	 */
	int LEASE_SECONDS = 1800;

	/** Eureka's own client default ({@code eureka.instance.lease-expiration-duration-in-seconds}). */
	int EUREKA_DEFAULT_LEASE_SECONDS = 90;

	String name();

	String baseUrl();

	Map<String, String> headers();

	Request register(String service, String id, int port);

	/** Registers as a client with default settings would: the server's default lease. */
	Request registerWithDefaultLease(String service, String id, int port);

	Request heartbeat(String service, String id);

	Request deregister(String service, String id);

	Request readService(String service);

	static String serviceName(int service) {
		return String.format("svc-%04d", service);
	}

	static String instanceId(int service, int instance) {
		return String.format("svc-%04d-%02d", service, instance);
	}

	/** Beacon: {@code /v1/services/{service}/instances/{id}}, with a bearer token. */
	record Beacon(String baseUrl, String token) implements RegistryApi {

		@Override
		public String name() {
			return "Beacon";
		}

		@Override
		public Map<String, String> headers() {
			return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json", "Accept",
					"application/json");
		}

		@Override
		public Request register(String service, String id, int port) {
			return Request.put("/v1/services/" + service + "/instances/" + id,
					"{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"status\":\"UP\",\"zone\":\"zone-a\",\"ttlSeconds\":"
							+ LEASE_SECONDS + ",\"metadata\":{\"version\":\"1.0\"}}");
		}

		@Override
		public Request registerWithDefaultLease(String service, String id, int port) {
			return Request.put("/v1/services/" + service + "/instances/" + id,
					"{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"status\":\"UP\"}");
		}

		@Override
		public Request heartbeat(String service, String id) {
			return Request.put("/v1/services/" + service + "/instances/" + id + "/heartbeat", null);
		}

		@Override
		public Request deregister(String service, String id) {
			return new Request(io.netty.handler.codec.http.HttpMethod.DELETE,
					"/v1/services/" + service + "/instances/" + id, null);
		}

		@Override
		public Request readService(String service) {
			return Request.get("/v1/services/" + service);
		}

	}

	/** Eureka: {@code /eureka/apps/{APP}} with the JSON body its own client sends. */
	record Eureka(String baseUrl) implements RegistryApi {

		@Override
		public String name() {
			return "Eureka";
		}

		@Override
		public Map<String, String> headers() {
			return Map.of("Content-Type", "application/json", "Accept", "application/json");
		}

		@Override
		public Request register(String service, String id, int port) {
			return register(service, id, port, LEASE_SECONDS);
		}

		@Override
		public Request registerWithDefaultLease(String service, String id, int port) {
			return register(service, id, port, EUREKA_DEFAULT_LEASE_SECONDS);
		}

		private Request register(String service, String id, int port, int leaseSeconds) {
			String app = service.toUpperCase();
			String body = "{\"instance\":{\"instanceId\":\"" + id + "\",\"hostName\":\"127.0.0.1\",\"app\":\"" + app
					+ "\",\"ipAddr\":\"127.0.0.1\",\"status\":\"UP\",\"overriddenStatus\":\"UNKNOWN\","
					+ "\"port\":{\"$\":" + port + ",\"@enabled\":\"true\"},"
					+ "\"securePort\":{\"$\":443,\"@enabled\":\"false\"},\"countryId\":1,"
					+ "\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\","
					+ "\"name\":\"MyOwn\"},\"leaseInfo\":{\"renewalIntervalInSecs\":30,\"durationInSecs\":"
					+ leaseSeconds + "},\"metadata\":{\"zone\":\"zone-a\",\"version\":\"1.0\"},"
					+ "\"vipAddress\":\"" + service + "\",\"secureVipAddress\":\"" + service + "\"}}";
			return Request.post("/eureka/apps/" + app, body);
		}

		@Override
		public Request heartbeat(String service, String id) {
			return Request.put("/eureka/apps/" + service.toUpperCase() + "/" + id, null);
		}

		@Override
		public Request deregister(String service, String id) {
			return new Request(io.netty.handler.codec.http.HttpMethod.DELETE,
					"/eureka/apps/" + service.toUpperCase() + "/" + id, null);
		}

		@Override
		public Request readService(String service) {
			return Request.get("/eureka/apps/" + service.toUpperCase());
		}

	}

}

package dev.beacon.discovery.registration;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.serviceregistry.Registration;

import dev.beacon.client.Check;

/**
 * This application's registration with Beacon. The port is known only once the web server
 * runs (unless configured), so it is set then, and the default instance id follows it.
 */
public class BeaconRegistration implements Registration {

	private final String serviceId;

	private final @Nullable String configuredInstanceId;

	private final String host;

	private final boolean secure;

	private final @Nullable String zone;

	private final int weight;

	private final Map<String, String> metadata;

	private final long leaseSeconds;

	private final @Nullable Check check;

	private volatile int port;

	public BeaconRegistration(String serviceId, @Nullable String instanceId, String host, int port, boolean secure,
			@Nullable String zone, int weight, Map<String, String> metadata, long leaseSeconds) {
		this(serviceId, instanceId, host, port, secure, zone, weight, metadata, leaseSeconds, null);
	}

	/**
	 * A registration that asks the registry to run a health check against the instance.
	 * @param serviceId the service
	 * @param instanceId the instance's id, or {@code null} for service:host:port
	 * @param host the host other services connect to
	 * @param port the port, or 0 until the web server has one
	 * @param secure whether they connect with TLS
	 * @param zone the zone, or {@code null}
	 * @param weight share of traffic relative to the other instances
	 * @param metadata free-form string pairs
	 * @param leaseSeconds lease asked for
	 * @param check the check, or {@code null} for none
	 */
	public BeaconRegistration(String serviceId, @Nullable String instanceId, String host, int port, boolean secure,
			@Nullable String zone, int weight, Map<String, String> metadata, long leaseSeconds, @Nullable Check check) {
		this.serviceId = serviceId;
		this.configuredInstanceId = instanceId;
		this.host = host;
		this.port = port;
		this.secure = secure;
		this.zone = zone;
		this.weight = weight;
		this.metadata = Map.copyOf(metadata);
		this.leaseSeconds = leaseSeconds;
		this.check = check;
	}

	@Override
	public String getInstanceId() {
		if (this.configuredInstanceId != null) {
			return this.configuredInstanceId;
		}
		String id = (this.serviceId + ":" + this.host + ":" + this.port).toLowerCase()
			.replaceAll("[^a-z0-9._:-]", "-");
		return (id.length() > 128) ? id.substring(0, 128) : id;
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public String getHost() {
		return this.host;
	}

	@Override
	public int getPort() {
		return this.port;
	}

	void setPortIfUnset(int webServerPort) {
		if (this.port == 0) {
			this.port = webServerPort;
		}
	}

	@Override
	public boolean isSecure() {
		return this.secure;
	}

	@Override
	public URI getUri() {
		String host = (this.host.indexOf(':') >= 0 && !this.host.startsWith("[")) ? "[" + this.host + "]" : this.host;
		return URI.create(getScheme() + "://" + host + ":" + this.port);
	}

	@Override
	public String getScheme() {
		return this.secure ? "https" : "http";
	}

	@Override
	public Map<String, String> getMetadata() {
		return this.metadata;
	}

	public @Nullable String getZone() {
		return this.zone;
	}

	public int getWeight() {
		return this.weight;
	}

	public long getLeaseSeconds() {
		return this.leaseSeconds;
	}

	/** The health check the registry runs against the instance, or {@code null} for none. */
	public @Nullable Check getCheck() {
		return this.check;
	}

	@Override
	public String toString() {
		return this.serviceId + "/" + getInstanceId() + "@" + getUri();
	}

}

package dev.beacon.discovery.registration;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.info.BuildProperties;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.commons.util.InetUtils;
import org.springframework.cloud.commons.util.InetUtilsProperties;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.TaskScheduler;

import dev.beacon.client.Check;
import dev.beacon.client.RegistryClient;
import dev.beacon.discovery.BeaconDiscoveryAutoConfiguration;
import dev.beacon.discovery.BeaconDiscoveryProperties;
import dev.beacon.discovery.ConditionalOnBeaconDiscoveryEnabled;

/**
 * This application's registration and the {@code ServiceRegistry} that keeps it: before
 * Spring Cloud's service registry configuration, so that {@code /actuator/serviceregistry}
 * finds it.
 */
@AutoConfiguration(after = { BeaconDiscoveryAutoConfiguration.class, UtilAutoConfiguration.class },
		before = ServiceRegistryAutoConfiguration.class)
@ConditionalOnBeaconDiscoveryEnabled
@ConditionalOnProperty(name = "beacon.discovery.register", matchIfMissing = true)
public final class BeaconServiceRegistryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BeaconRegistration beaconRegistration(BeaconDiscoveryProperties properties, Environment environment,
			ObjectProvider<InetUtils> inetUtils, ObjectProvider<BuildProperties> build) {
		String host = (properties.host() != null) ? properties.host() : detectHost(properties, inetUtils);
		boolean secure = properties.secure() || environment.getProperty("server.ssl.enabled", Boolean.class, false);
		return new BeaconRegistration(ServiceName.of(properties.serviceName(), environment), properties.instanceId(),
				host, (properties.port() != null) ? properties.port() : 0, secure, properties.zone(),
				properties.weight(), metadata(properties, environment, build.getIfAvailable()),
				properties.leaseTtl().toSeconds(), check(properties.check(), environment));
	}

	/**
	 * The registry checks only the instance's own port: Actuator's health endpoint on a
	 * management port of its own cannot be checked there, unless a path on the application's
	 * port is named instead.
	 */
	private static @Nullable Check check(BeaconDiscoveryProperties.Check check, Environment environment) {
		if (!check.enabled()) {
			return null;
		}
		String path = check.path();
		if (path == null) {
			if (ManagementPath.onOwnPort(environment)) {
				throw new IllegalStateException("beacon.discovery.check.enabled=true checks Actuator's health endpoint "
						+ "on the application's own port, but management.server.port moves it to another one: set "
						+ "beacon.discovery.check.path to a path the application's port serves");
			}
			String base = ManagementPath.of(environment);
			path = (base.endsWith("/") ? base : base + "/") + "health";
		}
		Check http = Check.http(path, check.interval(), check.timeout());
		return (check.deregisterAfter() != null) ? http.withDeregisterAfter(check.deregisterAfter()) : http;
	}

	private static String detectHost(BeaconDiscoveryProperties properties, ObjectProvider<InetUtils> inetUtils) {
		InetUtils.HostInfo host = inetUtils.getIfAvailable(() -> new InetUtils(new InetUtilsProperties()))
			.findFirstNonLoopbackHostInfo();
		return properties.preferIpAddress() ? host.getIpAddress() : host.getHostname();
	}

	private static Map<String, String> metadata(BeaconDiscoveryProperties properties, Environment environment,
			@Nullable BuildProperties build) {
		Map<String, String> metadata = new LinkedHashMap<>();
		String managementPort = environment.getProperty("management.server.port");
		if (managementPort != null) {
			metadata.put("management.port", managementPort);
		}
		metadata.put("management.context-path", ManagementPath.of(environment));
		if (build != null && build.getVersion() != null) {
			metadata.put("version", build.getVersion());
		}
		metadata.putAll(properties.metadata());
		return metadata;
	}

	@Bean
	@ConditionalOnMissingBean
	InstanceStatus beaconInstanceStatus(ObjectProvider<HealthOverride> health) {
		return new InstanceStatus(health.getIfAvailable(() -> HealthOverride.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	HeartbeatSender beaconHeartbeatSender(RegistryClient client,
			@Qualifier(BeaconDiscoveryAutoConfiguration.SCHEDULER) TaskScheduler scheduler,
			ObjectProvider<Clock> clock, InstanceStatus status, BeaconDiscoveryProperties properties) {
		return new HeartbeatSender(client, scheduler, clock.getIfUnique(Clock::systemUTC), status,
				properties.heartbeatInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	BeaconServiceRegistry beaconServiceRegistry(RegistryClient client, InstanceStatus status,
			HeartbeatSender heartbeats, BeaconDiscoveryProperties properties) {
		return new BeaconServiceRegistry(client, status, heartbeats, properties.failFast(), properties.drain(),
				properties.confirmDrain());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthEndpoint.class)
	static class HealthStatusConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HealthStatus beaconHealthStatus(ObjectProvider<HealthEndpoint> healthEndpoint,
				ObjectProvider<HealthEndpointGroups> groups) {
			return new HealthStatus(healthEndpoint, groups);
		}

	}

}

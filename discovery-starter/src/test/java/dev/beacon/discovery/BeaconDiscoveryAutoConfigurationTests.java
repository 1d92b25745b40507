package dev.beacon.discovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration;
import org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ZonePreferenceServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.client.ChangeStream;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.RegistryUrls;
import dev.beacon.discovery.catalog.BeaconDiscoveryClient;
import dev.beacon.discovery.catalog.BeaconDiscoveryClientAutoConfiguration;
import dev.beacon.discovery.catalog.BeaconReactiveDiscoveryClient;
import dev.beacon.discovery.catalog.CatalogStaleness;
import dev.beacon.discovery.catalog.InstanceCatalog;
import dev.beacon.discovery.health.BeaconDiscoveryHealthAutoConfiguration;
import dev.beacon.discovery.health.BeaconDiscoveryHealthIndicator;
import dev.beacon.discovery.loadbalancer.BeaconLoadBalancerAutoConfiguration;
import dev.beacon.discovery.loadbalancer.BeaconServiceInstanceListSupplier;
import dev.beacon.discovery.registration.BeaconAutoServiceRegistration;
import dev.beacon.discovery.registration.BeaconAutoServiceRegistrationAutoConfiguration;
import dev.beacon.discovery.registration.BeaconRegistration;
import dev.beacon.discovery.registration.BeaconServiceRegistry;
import dev.beacon.discovery.registration.BeaconServiceRegistryAutoConfiguration;
import dev.beacon.discovery.registration.GracefulDeregistration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beacon's auto-configurations among Spring Cloud's, against a registry URL where nothing
 * listens: building the context needs no registry.
 */
class BeaconDiscoveryAutoConfigurationTests {

	private static final String UNREACHABLE = "http://127.0.0.1:1";

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(JacksonAutoConfiguration.class,
			UtilAutoConfiguration.class, CommonsClientAutoConfiguration.class,
			ReactiveCommonsClientAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
			SimpleReactiveDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class,
			ReactiveCompositeDiscoveryClientAutoConfiguration.class, AutoServiceRegistrationAutoConfiguration.class,
			ServiceRegistryAutoConfiguration.class, LoadBalancerAutoConfiguration.class,
			BeaconDiscoveryAutoConfiguration.class, BeaconDiscoveryClientAutoConfiguration.class,
			BeaconServiceRegistryAutoConfiguration.class, BeaconAutoServiceRegistrationAutoConfiguration.class,
			BeaconLoadBalancerAutoConfiguration.class, BeaconDiscoveryHealthAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
		.withPropertyValues("spring.application.name=orders", "beacon.discovery.registry-url=" + UNREACHABLE,
				"beacon.discovery.host=10.0.0.7");

	private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("spring.application.name=orders", "beacon.discovery.registry-url=" + UNREACHABLE,
				"beacon.discovery.host=10.0.0.7");

	@Test
	void registryUrlTurnsBeaconOn() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(BeaconDiscoveryProperties.class)
				.hasSingleBean(RegistryClient.class)
				.hasSingleBean(InstanceCatalog.class)
				.hasSingleBean(ChangeStream.class)
				.hasSingleBean(BeaconDiscoveryClient.class)
				.hasSingleBean(BeaconReactiveDiscoveryClient.class)
				.hasSingleBean(BeaconServiceRegistry.class)
				.hasSingleBean(BeaconRegistration.class)
				.hasSingleBean(BeaconDiscoveryHealthIndicator.class)
				.hasBean(BeaconDiscoveryAutoConfiguration.SCHEDULER)
				.doesNotHaveBean("beaconDiscoveryReadyAnnouncer");
			assertThat(context.getBean(ChangeStream.class).isRunning()).isTrue();
		});
	}

	@Test
	void beaconIsTheDiscoveryClientConsultedFirst() {
		this.runner.run((context) -> {
			assertThat(context.getBeansOfType(DiscoveryClient.class)).containsKey("beaconDiscoveryClient");
			assertThat(context.getBean(DiscoveryClient.class)).isInstanceOfSatisfying(CompositeDiscoveryClient.class,
					(composite) -> assertThat(composite.getDiscoveryClients()).first()
						.isInstanceOf(BeaconDiscoveryClient.class));
			assertThat(context.getBeansOfType(ReactiveDiscoveryClient.class))
				.containsKey("beaconReactiveDiscoveryClient");
			assertThat(context.getBean(ReactiveDiscoveryClient.class)).isInstanceOfSatisfying(
					ReactiveCompositeDiscoveryClient.class, (composite) -> assertThat(composite.getDiscoveryClients())
						.first()
						.isInstanceOf(BeaconReactiveDiscoveryClient.class));
		});
	}

	@Test
	void beaconDisabledLeavesNoBeaconBean() {
		this.runner.withPropertyValues("beacon.discovery.enabled=false").run(this::hasNoBeaconBean);
	}

	@Test
	void noRegistryUrlLeavesNoBeaconBean() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("spring.application.name=orders")
			.run(this::hasNoBeaconBean);
	}

	@Test
	void blankRegistryUrlLeavesNoBeaconBean() {
		this.runner.withPropertyValues("beacon.discovery.registry-url=").run(this::hasNoBeaconBean);
	}

	@Test
	void registryUrlsAsAnIndexedListTurnBeaconOn() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("spring.application.name=orders", "beacon.discovery.host=10.0.0.7",
					"beacon.discovery.registry-url[0]=" + UNREACHABLE,
					"beacon.discovery.registry-url[1]=http://127.0.0.1:2")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(BeaconDiscoveryClient.class);
				assertThat(context.getBean(RegistryClient.class).urls().size()).isEqualTo(2);
			});
	}

	@Test
	void springCloudDiscoveryDisabledLeavesNoBeaconBean() {
		this.runner.withPropertyValues("spring.cloud.discovery.enabled=false").run(this::hasNoBeaconBean);
	}

	@Test
	void beaconDisabledInAWebApplicationLeavesNoBeaconBean() {
		this.webRunner.withPropertyValues("beacon.discovery.enabled=false").run(this::hasNoBeaconBean);
	}

	@Test
	void registerFalseKeepsDiscoveryWithoutRegistration() {
		this.webRunner.withPropertyValues("beacon.discovery.register=false").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(BeaconDiscoveryClient.class)
				.hasSingleBean(BeaconReactiveDiscoveryClient.class)
				.hasSingleBean(InstanceCatalog.class)
				.hasSingleBean(ChangeStream.class)
				.doesNotHaveBean(BeaconServiceRegistry.class)
				.doesNotHaveBean(BeaconRegistration.class)
				.doesNotHaveBean(BeaconAutoServiceRegistration.class)
				.doesNotHaveBean(GracefulDeregistration.class)
				.hasBean("beaconDiscoveryReadyAnnouncer");
		});
	}

	@Test
	void registerFalseNeedsNoApplicationName() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("beacon.discovery.registry-url=" + UNREACHABLE, "beacon.discovery.register=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(BeaconDiscoveryClient.class));
	}

	@Test
	void userDiscoveryClientOfBeaconsTypeReplacesBeacons() {
		this.runner.withUserConfiguration(UserDiscoveryClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BeaconDiscoveryClient.class);
			assertThat(context.getBean(BeaconDiscoveryClient.class)).isSameAs(context.getBean("userDiscoveryClient"));
		});
	}

	@Test
	void userDiscoveryClientOfAnotherKindIsConsultedBeforeBeacons() {
		this.runner.withUserConfiguration(OtherDiscoveryClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BeaconDiscoveryClient.class);
			CompositeDiscoveryClient composite = (CompositeDiscoveryClient) context.getBean(DiscoveryClient.class);
			assertThat(composite.getDiscoveryClients()).first().isSameAs(context.getBean("otherDiscoveryClient"));
			assertThat(composite.getInstances("orders")).extracting(ServiceInstance::getInstanceId)
				.containsExactly("mine");
		});
	}

	@Test
	void userRegistryClientWins() {
		this.runner.withUserConfiguration(UserRegistryClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RegistryClient.class);
			assertThat(context.getBean(RegistryClient.class).urls().current())
				.isEqualTo(URI.create("http://127.0.0.1:2"));
		});
	}

	@Test
	void userInstanceCatalogWins() {
		this.runner.withUserConfiguration(UserInstanceCatalogConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(InstanceCatalog.class).hasSingleBean(BeaconDiscoveryClient.class);
			assertThat(context.getBean(InstanceCatalog.class)).isSameAs(context.getBean("userCatalog"));
		});
	}

	@Test
	void invalidApplicationNameFailsNamingIt() {
		this.runner.withPropertyValues("spring.application.name=My_App").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("spring.application.name")
				.hasMessageContaining("My_App");
		});
	}

	@Test
	void sslBundleThatNoPropertyDefinesFailsNamingTheSetting() {
		this.runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("beacon.discovery.ssl.bundle=nowhere")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("beacon.discovery.ssl.bundle names 'nowhere'"));
	}

	@Test
	void missingApplicationNameFailsNamingIt() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("beacon.discovery.registry-url=" + UNREACHABLE, "beacon.discovery.host=10.0.0.7")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("spring.application.name");
			});
	}

	@Test
	void invalidServiceNameFailsNamingItsProperty() {
		this.runner.withPropertyValues("beacon.discovery.service-name=orders service").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("beacon.discovery.service-name");
		});
	}

	@Test
	void nonHttpRegistryUrlFailsNamingIt() {
		this.runner.withPropertyValues("beacon.discovery.registry-url=ftp://x").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("beacon.discovery.registry-url")
				.hasMessageContaining("ftp://x");
		});
	}

	@Test
	void leaseNotLongerThanHeartbeatIntervalFailsNamingBoth() {
		this.runner.withPropertyValues("beacon.discovery.heartbeat-interval=10s", "beacon.discovery.lease-ttl=10s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("beacon.discovery.lease-ttl")
					.hasMessageContaining("beacon.discovery.heartbeat-interval");
			});
	}

	@Test
	void registrationDefaultsFollowTheApplication() {
		this.runner
			.withPropertyValues("spring.application.name=Orders-Service", "beacon.discovery.port=9090",
					"beacon.discovery.metadata.team=checkout", "beacon.discovery.zone=eu-1a",
					"beacon.discovery.weight=3")
			.run((context) -> {
				BeaconRegistration registration = context.getBean(BeaconRegistration.class);
				assertThat(registration.getServiceId()).isEqualTo("orders-service");
				assertThat(registration.getHost()).isEqualTo("10.0.0.7");
				assertThat(registration.getPort()).isEqualTo(9090);
				assertThat(registration.getInstanceId()).isEqualTo("orders-service:10.0.0.7:9090");
				assertThat(registration.isSecure()).isFalse();
				assertThat(registration.getUri()).isEqualTo(URI.create("http://10.0.0.7:9090"));
				assertThat(registration.getZone()).isEqualTo("eu-1a");
				assertThat(registration.getWeight()).isEqualTo(3);
				assertThat(registration.getLeaseSeconds()).isEqualTo(15);
				assertThat(registration.getMetadata()).containsEntry("management.context-path", "/actuator")
					.containsEntry("team", "checkout")
					.doesNotContainKey("management.port");
			});
	}

	@Test
	void registrationMetadataFollowsTheManagementServer() {
		this.runner
			.withPropertyValues("management.server.port=9001", "management.endpoints.web.base-path=/manage")
			.run((context) -> assertThat(context.getBean(BeaconRegistration.class).getMetadata())
				.containsEntry("management.port", "9001")
				.containsEntry("management.context-path", "/manage"));
	}

	@Test
	void managementContextPathIsSeenFromTheRootOfItsPort() {
		this.runner.withPropertyValues("server.servlet.context-path=/orders/")
			.run((context) -> assertThat(context.getBean(BeaconRegistration.class).getMetadata())
				.containsEntry("management.context-path", "/orders/actuator"));
		this.runner
			.withPropertyValues("server.servlet.context-path=/orders", "management.server.port=9001",
					"management.server.base-path=/ops", "management.endpoints.web.base-path=/")
			.run((context) -> assertThat(context.getBean(BeaconRegistration.class).getMetadata())
				.containsEntry("management.context-path", "/ops"));
		this.runner.withPropertyValues("management.endpoints.web.base-path=/")
			.run((context) -> assertThat(context.getBean(BeaconRegistration.class).getMetadata())
				.containsEntry("management.context-path", "/"));
	}

	@Test
	void registrationOnAnIpv6HostHasBracketsInItsUriOnly() {
		this.runner.withPropertyValues("beacon.discovery.host=fd00::7", "beacon.discovery.port=9090")
			.run((context) -> {
				BeaconRegistration registration = context.getBean(BeaconRegistration.class);
				assertThat(registration.getHost()).isEqualTo("fd00::7");
				assertThat(registration.getUri()).isEqualTo(URI.create("http://[fd00::7]:9090"));
				assertThat(registration.getUri().getHost()).isEqualTo("[fd00::7]");
				assertThat(registration.getUri().getPort()).isEqualTo(9090);
			});
	}

	@Test
	void configuredServiceNameAndInstanceIdWin() {
		this.runner
			.withPropertyValues("beacon.discovery.service-name=Billing", "beacon.discovery.instance-id=billing-a",
					"beacon.discovery.secure=true")
			.run((context) -> {
				BeaconRegistration registration = context.getBean(BeaconRegistration.class);
				assertThat(registration.getServiceId()).isEqualTo("billing");
				assertThat(registration.getInstanceId()).isEqualTo("billing-a");
				assertThat(registration.getScheme()).isEqualTo("https");
			});
	}

	@Test
	void webApplicationRegistersItselfAndLeavesGracefully() {
		this.webRunner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(BeaconAutoServiceRegistration.class)
			.hasSingleBean(GracefulDeregistration.class));
	}

	@Test
	void nonWebApplicationDoesNotRegisterItselfAutomatically() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(BeaconServiceRegistry.class)
			.doesNotHaveBean(BeaconAutoServiceRegistration.class)
			.doesNotHaveBean(GracefulDeregistration.class));
	}

	@Test
	void autoRegistrationDisabledKeepsTheServiceRegistry() {
		this.webRunner.withPropertyValues("spring.cloud.service-registry.auto-registration.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(BeaconServiceRegistry.class)
				.doesNotHaveBean(BeaconAutoServiceRegistration.class)
				.doesNotHaveBean(GracefulDeregistration.class));
	}

	@Test
	void loadBalancerClientsAreFedByBeacon() {
		this.runner.run((context) -> {
			ServiceInstanceListSupplier supplier = context.getBean(LoadBalancerClientFactory.class)
				.getInstance("orders", ServiceInstanceListSupplier.class);
			assertThat(base(supplier)).isInstanceOf(BeaconServiceInstanceListSupplier.class);
			assertThat(supplier.getServiceId()).isEqualTo("orders");
		});
	}

	@Test
	void loadBalancerDecoratorsWrapBeaconsSupplier() {
		this.runner.withPropertyValues("spring.cloud.loadbalancer.configurations=zone-preference").run((context) -> {
			ServiceInstanceListSupplier supplier = context.getBean(LoadBalancerClientFactory.class)
				.getInstance("orders", ServiceInstanceListSupplier.class);
			assertThat(supplier).isInstanceOf(ZonePreferenceServiceInstanceListSupplier.class);
			assertThat(base(supplier)).isInstanceOf(BeaconServiceInstanceListSupplier.class);
		});
	}

	@Test
	void configurationMetadataDescribesEveryProperty() {
		JsonNode metadata = JsonMapper.builder()
			.build()
			.readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
		List<String> undescribed = new ArrayList<>();
		JsonNode registryUrl = null;
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			JsonNode description = property.get("description");
			if (description == null || description.asString().isBlank()) {
				undescribed.add(name);
			}
			if (name.equals("beacon.discovery.registry-url")) {
				registryUrl = property;
			}
		}
		assertThat(registryUrl).as("beacon.discovery.registry-url").isNotNull();
		assertThat(registryUrl.get("description").asString()).contains("Registry servers");
		assertThat(undescribed).isEmpty();
	}

	private void hasNoBeaconBean(ApplicationContextAssertProvider<?> context) {
		assertThat(context).hasNotFailed();
		List<String> beaconBeans = new ArrayList<>();
		for (String name : context.getBeanDefinitionNames()) {
			Class<?> type = context.getType(name);
			if (name.startsWith("beacon") || (type != null && type.getName().startsWith("dev.beacon."))) {
				beaconBeans.add(name);
			}
		}
		assertThat(beaconBeans).isEmpty();
	}

	private static ServiceInstanceListSupplier base(ServiceInstanceListSupplier supplier) {
		ServiceInstanceListSupplier current = supplier;
		while (current instanceof DelegatingServiceInstanceListSupplier delegating) {
			current = delegating.getDelegate();
		}
		return current;
	}

	private static RegistryClient registryClient(String url) {
		return new RegistryClient(new RegistryUrls(List.of(URI.create(url))), null, Duration.ofSeconds(1), HttpClient.newHttpClient());
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDiscoveryClientConfiguration {

		@Bean
		BeaconDiscoveryClient userDiscoveryClient(InstanceCatalog catalog) {
			return new BeaconDiscoveryClient(catalog);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherDiscoveryClientConfiguration {

		@Bean
		DiscoveryClient otherDiscoveryClient() {
			return new DiscoveryClient() {

				@Override
				public String description() {
					return "mine";
				}

				@Override
				public List<ServiceInstance> getInstances(String serviceId) {
					return List.of(new org.springframework.cloud.client.DefaultServiceInstance("mine", serviceId,
							"10.9.9.9", 8080, false, Map.of()));
				}

				@Override
				public List<String> getServices() {
					return List.of("orders");
				}

				@Override
				public int getOrder() {
					return -1;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryClientConfiguration {

		@Bean
		RegistryClient userRegistryClient() {
			return registryClient("http://127.0.0.1:2");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserInstanceCatalogConfiguration {

		@Bean
		InstanceCatalog userCatalog(RegistryClient client, ApplicationEventPublisher publisher) {
			return new InstanceCatalog(client, publisher, new CatalogStaleness(Clock.systemUTC()), true,
					Duration.ofMillis(10));
		}

	}

}

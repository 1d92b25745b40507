package dev.beacon.discovery.catalog;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.composite.reactive.ReactiveCompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import dev.beacon.client.ChangeStream;
import dev.beacon.client.RegistryClient;
import dev.beacon.client.WatchSettings;
import dev.beacon.discovery.BeaconDiscoveryAutoConfiguration;
import dev.beacon.discovery.BeaconDiscoveryProperties;
import dev.beacon.discovery.ConditionalOnBeaconDiscoveryEnabled;

/**
 * The push-fed catalog and the Spring Cloud discovery clients that answer from it.
 */
@AutoConfiguration(after = BeaconDiscoveryAutoConfiguration.class,
		before = { SimpleDiscoveryClientAutoConfiguration.class, SimpleReactiveDiscoveryClientAutoConfiguration.class,
				CommonsClientAutoConfiguration.class, ReactiveCommonsClientAutoConfiguration.class,
				CompositeDiscoveryClientAutoConfiguration.class,
				ReactiveCompositeDiscoveryClientAutoConfiguration.class })
@ConditionalOnBeaconDiscoveryEnabled
public final class BeaconDiscoveryClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CatalogStaleness beaconCatalogStaleness(ObjectProvider<Clock> clock) {
		return new CatalogStaleness(clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	InstanceCatalog beaconInstanceCatalog(RegistryClient client, ApplicationEventPublisher publisher,
			CatalogStaleness staleness, BeaconDiscoveryProperties properties) {
		return new InstanceCatalog(client, publisher, staleness, properties.onlyUp(), properties.initialWait());
	}

	@Bean
	@ConditionalOnMissingBean
	DiscoveredServices beaconDiscoveredServices(InstanceCatalog catalog) {
		return catalog.discoveredServices();
	}

	/** Registration announces itself; an application that does not register needs this. */
	@Bean
	@ConditionalOnBooleanProperty(name = "beacon.discovery.register", havingValue = false)
	DiscoveryReadyAnnouncer beaconDiscoveryReadyAnnouncer(InstanceCatalog catalog,
			ApplicationEventPublisher publisher) {
		DiscoveryReadyAnnouncer announcer = new DiscoveryReadyAnnouncer(catalog, publisher);
		catalog.discoveredServices().subscribe(announcer);
		return announcer;
	}

	@Bean
	@ConditionalOnMissingBean
	ChangeStream beaconChangeStream(RegistryClient client, InstanceCatalog catalog,
			BeaconDiscoveryProperties properties,
			@Qualifier(BeaconDiscoveryAutoConfiguration.SCHEDULER) ThreadPoolTaskScheduler scheduler,
			ObjectProvider<Clock> clock) {
		BeaconDiscoveryProperties.Watch watch = properties.watch();
		return new ChangeStream(client, scheduler.getScheduledExecutor(), clock.getIfUnique(Clock::systemUTC),
				new WatchSettings(List.of(), watch.reconnectMin(), watch.reconnectMax(), watch.idleTimeout()),
				catalog);
	}

	@Bean
	ChangeStreamLifecycle beaconChangeStreamLifecycle(ChangeStream stream) {
		return new ChangeStreamLifecycle(stream);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBlockingDiscoveryEnabled
	static class BlockingDiscoveryClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BeaconDiscoveryClient beaconDiscoveryClient(InstanceCatalog catalog) {
			return new BeaconDiscoveryClient(catalog);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnReactiveDiscoveryEnabled
	@ConditionalOnClass(name = "reactor.core.publisher.Flux")
	static class ReactiveDiscoveryClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BeaconReactiveDiscoveryClient beaconReactiveDiscoveryClient(InstanceCatalog catalog) {
			return new BeaconReactiveDiscoveryClient(catalog);
		}

	}

}

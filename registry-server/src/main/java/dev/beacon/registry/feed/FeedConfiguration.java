package dev.beacon.registry.feed;

import java.time.Clock;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.ChangeLog;
import dev.beacon.registry.store.ChangeObserver;
import dev.beacon.registry.store.DeliveryPositions;
import dev.beacon.registry.store.InstanceStore;

@Configuration(proxyBeanMethods = false)
class FeedConfiguration {

	/**
	 * One daemon thread of its own: handing an event to thousands of watchers takes long
	 * enough that it must hold neither Redis's connection thread nor a shared pool.
	 */
	@Bean(destroyMethod = "dispose")
	Scheduler changeFeedDispatcher() {
		return Schedulers.newSingle("beacon-change-feed", true);
	}

	@Bean
	Deliveries deliveries(DeliveryPositions positions, ChangeLog changeLog, Scheduler changeFeedDispatcher,
			RegistryMetrics metrics) {
		return new Deliveries(positions, changeLog.partitions(), Clock.systemUTC(), changeFeedDispatcher, metrics);
	}

	@Bean
	ChangeFeed changeFeed(ChangeLog changeLog, RegistryProperties properties, RegistryMetrics metrics,
			ChangeObserver readCache, Scheduler changeFeedDispatcher, Deliveries deliveries) {
		RegistryProperties.Watch watch = properties.watch();
		return new ChangeFeed(changeLog, watch.bufferSize(), watch.retryInterval(), metrics, readCache,
				changeFeedDispatcher, deliveries);
	}

	@Bean
	DeliveryConfirmations deliveryConfirmations(DeliveryPositions positions, ChangeLog changeLog) {
		return new DeliveryConfirmations(positions, changeLog, Clock.systemUTC());
	}

	@Bean
	WatchStreams watchStreams(ChangeFeed feed, ChangeLog changeLog, InstanceStore store) {
		return new WatchStreams(feed, changeLog, store);
	}

}

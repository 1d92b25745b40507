package dev.beacon.registry.feed;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.ChangeLog;
import dev.beacon.registry.store.ChangeObserver;
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
	ChangeFeed changeFeed(ChangeLog changeLog, RegistryProperties properties, RegistryMetrics metrics,
			ChangeObserver readCache, Scheduler changeFeedDispatcher) {
		RegistryProperties.Watch watch = properties.watch();
		return new ChangeFeed(changeLog, watch.bufferSize(), watch.retryInterval(), metrics, readCache,
				changeFeedDispatcher);
	}

	@Bean
	WatchStreams watchStreams(ChangeFeed feed, ChangeLog changeLog, InstanceStore store) {
		return new WatchStreams(feed, changeLog, store);
	}

}

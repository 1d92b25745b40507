package dev.beacon.registry.feed;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.metrics.RegistryMetrics;
import dev.beacon.registry.store.ChangeLog;
import dev.beacon.registry.store.ChangeObserver;
import dev.beacon.registry.store.InstanceStore;

@Configuration(proxyBeanMethods = false)
class FeedConfiguration {

	@Bean
	ChangeFeed changeFeed(ChangeLog changeLog, RegistryProperties properties, RegistryMetrics metrics,
			ChangeObserver readCache) {
		return new ChangeFeed(changeLog, properties.watch().bufferSize(), Duration.ofSeconds(1), metrics, readCache);
	}

	@Bean
	WatchStreams watchStreams(ChangeFeed feed, ChangeLog changeLog, InstanceStore store) {
		return new WatchStreams(feed, changeLog, store);
	}

}

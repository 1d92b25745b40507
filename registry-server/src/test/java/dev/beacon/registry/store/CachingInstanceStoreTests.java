package dev.beacon.registry.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.beacon.registry.store.InstanceStore.Registration;
import dev.beacon.registry.store.InstanceStore.Renewal;
import dev.beacon.registry.store.InstanceStore.ServiceDocument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * When {@link CachingInstanceStore} answers from memory and when it must go to the store it
 * decorates. The store is a mock here so that a read can be held open while a change happens;
 * the registry's API tests run it on Redis.
 */
class CachingInstanceStoreTests {

	private static final ServiceDocument FIRST = document(1);

	private static final ServiceDocument SECOND = document(2);

	private final InstanceStore redis = mock(InstanceStore.class);

	private final CachingInstanceStore store = new CachingInstanceStore(this.redis,
			Caffeine.newBuilder().maximumSize(100).<String, ServiceDocument>build());

	@BeforeEach
	void follow() {
		this.store.following();
	}

	@Test
	void secondReadIsAnsweredFromMemory() {
		given(this.redis.serviceDocument("svc")).willReturn(Mono.just(FIRST));
		assertThat(read()).isSameAs(FIRST);
		assertThat(read()).isSameAs(FIRST);
		verify(this.redis, times(1)).serviceDocument("svc");
	}

	@Test
	void readThatRacedAChangeIsAnsweredButNotKept() {
		Sinks.One<ServiceDocument> slowRead = Sinks.one();
		given(this.redis.serviceDocument("svc")).willReturn(slowRead.asMono(), Mono.just(SECOND));
		Mono<ServiceDocument> racing = this.store.serviceDocument("svc").cache();
		racing.subscribe();
		this.store.changed(event("svc", 2));
		slowRead.tryEmitValue(FIRST);
		assertThat(racing.block(Duration.ofSeconds(1))).isSameAs(FIRST);
		assertThat(read()).isSameAs(SECOND);
		assertThat(read()).isSameAs(SECOND);
		verify(this.redis, times(2)).serviceDocument("svc");
	}

	@Test
	void changeHeardFromTheFeedDropsTheServicesDocumentOnly() {
		given(this.redis.serviceDocument("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND));
		given(this.redis.serviceDocument("other")).willReturn(Mono.just(FIRST));
		read();
		this.store.serviceDocument("other").block();
		this.store.changed(event("svc", 2));
		assertThat(read()).isSameAs(SECOND);
		this.store.serviceDocument("other").block();
		verify(this.redis, times(1)).serviceDocument("other");
	}

	@Test
	void changeMadeThroughThisStoreDropsTheDocumentBeforeItsCallerHearsOfIt() {
		given(this.redis.serviceDocument("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND));
		given(this.redis.register(any())).willReturn(Mono.just(new Registration(Registration.Outcome.CREATED, 2)));
		read();
		ServiceDocument afterChange = this.store.register(instance("svc"))
			.then(Mono.defer(() -> this.store.serviceDocument("svc")))
			.block(Duration.ofSeconds(1));
		assertThat(afterChange).isSameAs(SECOND);
	}

	@Test
	void renewalKeepsTheDocumentAndStatusChangeDropsIt() {
		given(this.redis.serviceDocument("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND));
		given(this.redis.renew("svc", "a", null)).willReturn(Mono.just(Renewal.RENEWED));
		given(this.redis.renew("svc", "a", InstanceStatus.DOWN)).willReturn(Mono.just(Renewal.CHANGED));
		read();
		this.store.renew("svc", "a", null).block();
		assertThat(read()).isSameAs(FIRST);
		this.store.renew("svc", "a", InstanceStatus.DOWN).block();
		assertThat(read()).isSameAs(SECOND);
	}

	@Test
	void evictionDropsTheDocumentsOfTheEvictedInstancesServices() {
		given(this.redis.serviceDocument("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND));
		given(this.redis.evictExpired(anyInt())).willReturn(Flux.just("svc/a"));
		read();
		this.store.evictExpired(10).blockLast();
		assertThat(read()).isSameAs(SECOND);
	}

	@Test
	void whileTheFeedIsLostEveryReadGoesToTheStoreAndNothingIsKept() {
		given(this.redis.serviceDocument("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND), Mono.just(SECOND));
		read();
		this.store.lost();
		assertThat(read()).isSameAs(SECOND);
		assertThat(read()).isSameAs(SECOND);
		verify(this.redis, times(3)).serviceDocument("svc");
	}

	@Test
	void readThatStartedBeforeTheFeedFollowedAgainIsNotKept() {
		Sinks.One<ServiceDocument> slowRead = Sinks.one();
		given(this.redis.serviceDocument("svc")).willReturn(slowRead.asMono(), Mono.just(SECOND));
		Mono<ServiceDocument> racing = this.store.serviceDocument("svc").cache();
		racing.subscribe();
		this.store.lost();
		this.store.following();
		slowRead.tryEmitValue(FIRST);
		assertThat(read()).isSameAs(SECOND);
	}

	@Test
	void withoutACacheEveryReadGoesToTheStore() {
		CachingInstanceStore uncached = new CachingInstanceStore(this.redis, null);
		uncached.following();
		given(this.redis.serviceDocument("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND));
		assertThat(uncached.serviceDocument("svc").block()).isSameAs(FIRST);
		assertThat(uncached.serviceDocument("svc").block()).isSameAs(SECOND);
	}

	private ServiceDocument read() {
		return this.store.serviceDocument("svc").block(Duration.ofSeconds(1));
	}

	private static ServiceDocument document(long revision) {
		return new ServiceDocument(revision, ("{\"revision\":" + revision + "}").getBytes(StandardCharsets.UTF_8));
	}

	private static Instance instance(String service) {
		return new Instance(service, "a", "10.0.0.1", 8080, false, InstanceStatus.UP, null, 1, Map.of(), 15);
	}

	private static ChangeEvent event(String service, long revision) {
		return new ChangeEvent(LogPosition.parse("1-" + revision), ChangeType.REGISTER, revision, instance(service));
	}

}

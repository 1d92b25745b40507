package dev.beacon.registry.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.beacon.client.ChangeType;
import dev.beacon.client.Instance;
import dev.beacon.client.InstanceStatus;
import dev.beacon.client.ServiceInstances;
import dev.beacon.client.WireCodec;
import dev.beacon.registry.store.ChangeEvent;
import dev.beacon.registry.store.InstanceStore;
import dev.beacon.registry.store.LogPosition;
import dev.beacon.registry.web.ServiceDocuments.ServiceDocument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * When {@link ServiceDocuments} answers from memory and when it must go to the store. The
 * store is a mock here so that a read can be held open while a change happens; the registry's
 * API tests run it on Redis.
 */
class ServiceDocumentsTests {

	private static final ServiceInstances FIRST = service(1);

	private static final ServiceInstances SECOND = service(2);

	private final InstanceStore redis = mock(InstanceStore.class);

	private final ServiceDocuments store = new ServiceDocuments(this.redis, new WireCodec(),
			Caffeine.newBuilder().maximumSize(100).<String, ServiceDocument>build());

	@BeforeEach
	void follow() {
		this.store.following();
	}

	@Test
	void secondReadIsAnsweredFromMemory() {
		given(this.redis.service("svc")).willReturn(Mono.just(FIRST));
		assertThat(read().revision()).isEqualTo(1);
		assertThat(read().revision()).isEqualTo(1);
		verify(this.redis, times(1)).service("svc");
	}

	@Test
	void readThatRacedAChangeIsAnsweredButNotKept() {
		Sinks.One<ServiceInstances> slowRead = Sinks.one();
		given(this.redis.service("svc")).willReturn(slowRead.asMono(), Mono.just(SECOND));
		Mono<ServiceDocument> racing = this.store.read("svc").cache();
		racing.subscribe();
		this.store.changed(event("svc", 2));
		slowRead.tryEmitValue(FIRST);
		assertThat(racing.block(Duration.ofSeconds(1)).revision()).isEqualTo(1);
		assertThat(read().revision()).isEqualTo(2);
		assertThat(read().revision()).isEqualTo(2);
		verify(this.redis, times(2)).service("svc");
	}

	@Test
	void changeHeardFromTheFeedDropsTheServicesDocumentOnly() {
		given(this.redis.service("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND));
		given(this.redis.service("other")).willReturn(Mono.just(FIRST));
		read();
		this.store.read("other").block();
		this.store.changed(event("svc", 2));
		assertThat(read().revision()).isEqualTo(2);
		this.store.read("other").block();
		verify(this.redis, times(1)).service("other");
	}

	@Test
	void changeMadeThroughThisServerDropsTheDocument() {
		given(this.redis.service("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND));
		read();
		this.store.forget("svc");
		assertThat(read().revision()).isEqualTo(2);
	}

	@Test
	void documentIsTheServiceAsTheWireCodecWritesIt() {
		given(this.redis.service("svc")).willReturn(Mono.just(FIRST));
		assertThat(new String(read().json(), java.nio.charset.StandardCharsets.UTF_8))
			.isEqualTo(new WireCodec().encode(FIRST));
	}

	@Test
	void whileTheFeedIsLostEveryReadGoesToTheStoreAndNothingIsKept() {
		given(this.redis.service("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND), Mono.just(SECOND));
		read();
		this.store.lost();
		assertThat(read().revision()).isEqualTo(2);
		assertThat(read().revision()).isEqualTo(2);
		verify(this.redis, times(3)).service("svc");
	}

	@Test
	void readThatStartedBeforeTheFeedFollowedAgainIsNotKept() {
		Sinks.One<ServiceInstances> slowRead = Sinks.one();
		given(this.redis.service("svc")).willReturn(slowRead.asMono(), Mono.just(SECOND));
		Mono<ServiceDocument> racing = this.store.read("svc").cache();
		racing.subscribe();
		this.store.lost();
		this.store.following();
		slowRead.tryEmitValue(FIRST);
		assertThat(read().revision()).isEqualTo(2);
	}

	@Test
	void withoutACacheEveryReadGoesToTheStore() {
		ServiceDocuments uncached = new ServiceDocuments(this.redis, new WireCodec(), null);
		uncached.following();
		given(this.redis.service("svc")).willReturn(Mono.just(FIRST), Mono.just(SECOND));
		assertThat(uncached.read("svc").block().revision()).isEqualTo(1);
		assertThat(uncached.read("svc").block().revision()).isEqualTo(2);
	}

	private ServiceDocument read() {
		return this.store.read("svc").block(Duration.ofSeconds(1));
	}

	private static ServiceInstances service(long revision) {
		return new ServiceInstances("svc", revision, List.of(instance("svc")));
	}

	private static Instance instance(String service) {
		return new Instance(service, "a", "10.0.0.1", 8080, false, InstanceStatus.UP, null, 1, Map.of(), 15);
	}

	private static ChangeEvent event(String service, long revision) {
		return new ChangeEvent(0, LogPosition.parse("1-" + revision), ChangeType.REGISTER, revision, instance(service));
	}

}

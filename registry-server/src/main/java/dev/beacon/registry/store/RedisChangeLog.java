package dev.beacon.registry.store;

import org.jspecify.annotations.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteBufferRecord;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.beacon.client.ChangeType;
import dev.beacon.client.Instance;
import dev.beacon.client.WireCodec;

/**
 * {@link ChangeLog} on the Redis Streams the registry scripts append to, one per partition.
 */
public final class RedisChangeLog implements ChangeLog {

	/**
	 * Bounds how long {@link #close()} waits: closing is local and quick, unless the
	 * connection's event loop is stuck.
	 */
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final ReactiveStringRedisTemplate redis;

	private final ReactiveRedisConnectionFactory connectionFactory;

	private final RedisKeys keys;

	private final InstanceCodec codec;

	private final RegistryScripts scripts = new RegistryScripts();

	private final AtomicReferenceArray<@Nullable ReactiveRedisConnection> blockingConnections;

	public RedisChangeLog(ReactiveStringRedisTemplate redis, ReactiveRedisConnectionFactory connectionFactory,
			RedisKeys keys, WireCodec wire) {
		this.redis = redis;
		this.connectionFactory = connectionFactory;
		this.keys = keys;
		this.codec = new InstanceCodec(wire);
		this.blockingConnections = new AtomicReferenceArray<>(keys.partitions());
	}

	@Override
	public int partitions() {
		return this.keys.partitions();
	}

	@Override
	public int partitionOf(String service) {
		return this.keys.partitionOf(service);
	}

	@Override
	public Flux<ChangeEvent> after(int partition, LogPosition position, int count) {
		// inclusive range plus one, then drop the position itself: works on every Redis version
		return this.redis.<String, String>opsForStream()
			.range(this.keys.events(partition), Range.rightUnbounded(Range.Bound.inclusive(position.toString())),
					Limit.limit().count(count + 1))
			.map((record) -> toEvent(partition, record))
			.filter((event) -> event.position().isAfter(position))
			.take(count);
	}

	@Override
	public Mono<Boolean> holdsAllAfter(int partition, LogPosition position) {
		return this.redis
			.execute(this.scripts.holdsAllAfter, List.of(this.keys.base(partition)), List.of("0", position.toString()))
			.next()
			.map((held) -> held == 1L);
	}

	@Override
	public Mono<LogPosition> newest(int partition) {
		return this.redis.<String, String>opsForStream()
			.reverseRange(this.keys.events(partition), Range.unbounded(), Limit.limit().count(1))
			.next()
			.map((record) -> LogPosition.parse(record.getId().getValue()))
			.defaultIfEmpty(LogPosition.START);
	}

	@Override
	public Flux<ChangeEvent> await(int partition, LogPosition position, Duration timeout, int count) {
		StreamReadOptions options = StreamReadOptions.empty().block(timeout).count(count);
		StreamOffset<ByteBuffer> offset = StreamOffset.create(bytes(this.keys.events(partition)),
				ReadOffset.from(position.toString()));
		return Mono.fromSupplier(() -> connection(partition))
			.flatMapMany((connection) -> connection.streamCommands().xRead(options, offset))
			.map((record) -> toEvent(partition, record))
			.doOnError((ex) -> release(partition).subscribe());
	}

	private ReactiveRedisConnection connection(int partition) {
		return this.blockingConnections.updateAndGet(partition,
				(current) -> (current != null) ? current : this.connectionFactory.getReactiveConnection());
	}

	/**
	 * Returns once the connection is closed, so that a connection factory stopped next finds
	 * it closed: Lettuce's client, shut down while the connection is still closing, closes it
	 * again and warns that it is already closed.
	 */
	@Override
	public void close() {
		Flux.range(0, this.blockingConnections.length())
			.flatMap(this::release)
			.then()
			.timeout(CLOSE_TIMEOUT, Mono.empty())
			.block();
	}

	/**
	 * Closes the connection that {@link #await} holds for a partition, if any; the next
	 * {@code await} opens a new one.
	 * @return completes once the connection is closed
	 */
	private Mono<Void> release(int partition) {
		ReactiveRedisConnection connection = this.blockingConnections.getAndSet(partition, null);
		return (connection != null) ? connection.closeLater().onErrorComplete() : Mono.empty();
	}

	private ChangeEvent toEvent(int partition, MapRecord<String, String, String> record) {
		return toEvent(partition, record.getId().getValue(), record.getValue());
	}

	private ChangeEvent toEvent(int partition, ByteBufferRecord record) {
		Map<String, String> fields = new HashMap<>();
		record.getValue().forEach((name, value) -> fields.put(string(name), string(value)));
		return toEvent(partition, record.getId().getValue(), fields);
	}

	private ChangeEvent toEvent(int partition, String id, Map<String, String> fields) {
		String service = fields.get("service");
		Instance instance = this.codec.decode(service, fields.get("id"), fields.get("status"), fields.get("instance"));
		return new ChangeEvent(partition, LogPosition.parse(id), changeType(fields.get("type")),
				Long.parseLong(fields.get("revision")), instance);
	}

	@Override
	public Mono<String> epoch(int partition) {
		String key = this.keys.epoch(partition);
		// one round trip while the epoch exists, which is every check but the first
		return this.redis.opsForValue()
			.get(key)
			.switchIfEmpty(Mono.defer(() -> this.redis.opsForValue()
				.setIfAbsent(key, UUID.randomUUID().toString())
				.then(this.redis.opsForValue().get(key))));
	}

	private static ChangeType changeType(String wireName) {
		ChangeType type = ChangeType.fromWireName(wireName);
		if (type == null) {
			throw new IllegalStateException("Unknown change type in the change log: " + wireName);
		}
		return type;
	}

	private static ByteBuffer bytes(String value) {
		return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
	}

	private static String string(ByteBuffer buffer) {
		return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
	}

}

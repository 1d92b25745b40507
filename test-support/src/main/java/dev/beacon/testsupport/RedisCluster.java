package dev.beacon.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.protocol.ProtocolVersion;
import org.jspecify.annotations.Nullable;

/**
 * A Redis Cluster of real {@code redis-server} processes from the same binary as
 * {@link RedisServers#startNew()}, for tests of an application on a cluster and of a failover
 * in it. That binary comes without {@code redis-cli}, so the cluster is formed with
 * {@code CLUSTER} commands as {@code redis-cli --cluster create} would: contiguous slot ranges
 * of equal size for the primaries, then the replicas. When a primary is
 * {@linkplain ManagedRedis#kill() killed}, one of its replicas takes over by itself, as in
 * production. Nothing is kept on disk but each node's cluster configuration file, a temporary
 * file deleted when the JVM exits.
 */
public final class RedisCluster implements AutoCloseable {

	private static final String HOST = "127.0.0.1";

	private static final int SLOTS = 16384;

	/** A node listens for the cluster bus this many ports above its client port. */
	private static final int BUS_PORT_OFFSET = 10000;

	private static final int MAX_PORT = 65535 - BUS_PORT_OFFSET;

	private static final String STATE_OK = "cluster_state:ok";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	/** The primaries first, then the replicas, the k-th of which follows primary k modulo their count. */
	private final List<ManagedRedis> nodes = new ArrayList<>();

	private final int primaryCount;

	/**
	 * Speaks RESP2: once, connecting to a node just started, Lettuce 6.8 failed to decode the
	 * answer to its RESP3 handshake (HELLO) with an IndexOutOfBoundsException in its state
	 * machine; RESP2 sends no HELLO.
	 */
	private final RedisClient client = resp2Client();

	private RedisCluster(int primaryCount) {
		this.primaryCount = primaryCount;
	}

	/**
	 * Start the nodes, form the cluster and wait until every node reports
	 * {@code cluster_state:ok} and knows every other in its role, and every replica has synced
	 * with its primary.
	 * @param primaries how many primaries share the 16384 slots
	 * @param replicasPerPrimary how many replicas follow each primary
	 * @param nodeTimeout how long a node must not answer before the others call it failed and
	 * one of its replicas takes over ({@code cluster-node-timeout}; Redis ships 15 s)
	 * @return the running cluster, which the caller closes
	 * @throws IllegalStateException if a node does not start or the cluster is not ready within
	 * 30 seconds; the nodes started are stopped then
	 */
	public static RedisCluster start(int primaries, int replicasPerPrimary, Duration nodeTimeout) {
		if (primaries < 1 || primaries > SLOTS || replicasPerPrimary < 0 || nodeTimeout.toMillis() < 1) {
			throw new IllegalArgumentException("A cluster needs 1 to " + SLOTS
					+ " primaries, no negative count of replicas and a node timeout of 1 ms or more, not " + primaries
					+ ", " + replicasPerPrimary + " and " + nodeTimeout);
		}
		RedisBinary binary = RedisBinary.locate();
		RedisCluster cluster = new RedisCluster(primaries);
		try {
			Set<Integer> taken = new HashSet<>();
			for (int i = 0; i < primaries * (1 + replicasPerPrimary); i++) {
				ManagedRedis node = node(binary, port(taken), nodeTimeout);
				node.start();
				cluster.nodes.add(node);
			}
			cluster.form();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** Every node, as {@code spring.data.redis.cluster.nodes} lists them. */
	public String nodes() {
		return this.nodes.stream()
			.map((node) -> node.endpoint().host() + ":" + node.endpoint().port())
			.collect(Collectors.joining(","));
	}

	/**
	 * The nodes that are primaries now and not failed, as the first node that answers reports
	 * them.
	 * @return the primaries, in the order the cluster started its nodes
	 * @throws IllegalStateException if no node answers
	 */
	public List<ManagedRedis> primaries() {
		Partitions view = anyView();
		return this.nodes.stream().filter((node) -> {
			RedisClusterNode seen = find(view, node);
			return seen != null && seen.is(NodeFlag.UPSTREAM) && !seen.is(NodeFlag.FAIL);
		}).toList();
	}

	/**
	 * The primary that owns a slot now, as the first node that answers reports it.
	 * @param slot the slot, from 0 to 16383 ({@code SlotHash.getSlot(key)})
	 * @return the primary
	 * @throws IllegalStateException if no node answers or none owns the slot
	 */
	public ManagedRedis primaryServing(int slot) {
		if (slot < 0 || slot >= SLOTS) {
			throw new IllegalArgumentException("A slot lies between 0 and " + (SLOTS - 1) + ", not " + slot);
		}
		for (RedisClusterNode seen : anyView()) {
			if (seen.is(NodeFlag.UPSTREAM) && seen.hasSlot(slot)) {
				int port = seen.getUri().getPort();
				return this.nodes.stream()
					.filter((node) -> node.endpoint().port() == port)
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("Slot " + slot + " is served by " + seen.getUri()
							+ ", which is no node of this cluster"));
			}
		}
		throw new IllegalStateException("No primary owns slot " + slot);
	}

	/**
	 * The primary that holds a key matching a pattern now, such as one of a service's keys.
	 * @param pattern a {@code SCAN} pattern: {@code *:svc:orders:*}
	 * @return the primary, or none when no primary holds such a key
	 */
	public Optional<ManagedRedis> primaryHolding(String pattern) {
		return primaries().stream().filter((primary) -> holds(primary, pattern)).findFirst();
	}

	/**
	 * Whether a node holds a key matching a pattern, by {@code SCAN}.
	 * @param node a node of this cluster
	 * @param pattern a {@code SCAN} pattern
	 * @return whether it holds one
	 */
	public boolean holds(ManagedRedis node, String pattern) {
		return command(node, (redis) -> {
			ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1000);
			KeyScanCursor<String> cursor = redis.scan(match);
			while (cursor.getKeys().isEmpty() && !cursor.isFinished()) {
				cursor = redis.scan(cursor, match);
			}
			return !cursor.getKeys().isEmpty();
		});
	}

	/**
	 * Wait until every node that runs reports {@code cluster_state:ok} and sees every slot
	 * owned by a primary that runs: after a primary was killed, until a replica took over.
	 * @throws IllegalStateException if that takes more than 30 seconds
	 */
	public void awaitHealthy() {
		await("every running node to report " + STATE_OK + " and every slot to have a running primary",
				this::isHealthy);
	}

	@Override
	public void close() {
		this.nodes.forEach(ManagedRedis::close);
		this.client.shutdown();
	}

	/**
	 * Give each node its own config epoch (two primaries on the same epoch would have to settle
	 * that first), assign the slots, introduce every node to the first one, and once all know
	 * each other, attach the replicas.
	 */
	private void form() {
		List<String> ids = this.nodes.stream().map((node) -> command(node, RedisCommands::clusterMyId)).toList();
		for (int k = 0; k < this.nodes.size(); k++) {
			long epoch = k + 1;
			command(this.nodes.get(k), (redis) -> redis.clusterSetConfigEpoch(epoch));
		}
		for (int k = 0; k < this.primaryCount; k++) {
			int[] slots = slots(k).toArray(); // Redis 6.2 has no CLUSTER ADDSLOTSRANGE
			command(this.nodes.get(k), (redis) -> redis.clusterAddSlots(slots));
		}
		ManagedRedis first = this.nodes.get(0);
		for (ManagedRedis other : this.nodes.subList(1, this.nodes.size())) {
			command(first, (redis) -> redis.clusterMeet(HOST, other.endpoint().port()));
		}
		await("every node to know every other", () -> this.nodes.stream()
			.allMatch((node) -> view(node).map((view) -> knowsAll(view, ids)).orElse(false)));
		for (int k = this.primaryCount; k < this.nodes.size(); k++) {
			String primaryId = ids.get(k % this.primaryCount);
			command(this.nodes.get(k), (redis) -> redis.clusterReplicate(primaryId));
		}
		await("every node to report " + STATE_OK + ", every replica to sync and every node to see the others in "
				+ "their roles", () -> isReady(ids));
	}

	private boolean isReady(List<String> ids) {
		for (int k = 0; k < this.nodes.size(); k++) {
			ManagedRedis node = this.nodes.get(k);
			if (!clusterInfo(node).contains(STATE_OK) || (k >= this.primaryCount
					&& !ask(node, (redis) -> redis.info("replication")).orElse("").contains("master_link_status:up"))) {
				return false;
			}
			if (!view(node).map((view) -> hasLayout(view, ids)).orElse(false)) {
				return false;
			}
		}
		return true;
	}

	private static boolean knowsAll(Partitions view, List<String> ids) {
		return view.size() == ids.size() && ids.stream().allMatch((id) -> {
			RedisClusterNode seen = view.getPartitionByNodeId(id);
			return seen != null && !seen.is(NodeFlag.HANDSHAKE);
		});
	}

	/** Whether a node sees every node as {@link #form()} set it up, and none failing. */
	private boolean hasLayout(Partitions view, List<String> ids) {
		if (!knowsAll(view, ids)) {
			return false;
		}
		for (int k = 0; k < ids.size(); k++) {
			RedisClusterNode seen = view.getPartitionByNodeId(ids.get(k));
			if (seen == null || seen.getUri().getPort() != this.nodes.get(k).endpoint().port()
					|| seen.is(NodeFlag.EVENTUAL_FAIL) || seen.is(NodeFlag.FAIL)) {
				return false;
			}
			boolean inRole = (k < this.primaryCount)
					? seen.is(NodeFlag.UPSTREAM) && seen.getSlots().equals(slots(k).boxed().toList())
					: seen.is(NodeFlag.REPLICA) && ids.get(k % this.primaryCount).equals(seen.getSlaveOf());
			if (!inRole) {
				return false;
			}
		}
		return true;
	}

	private boolean isHealthy() {
		Set<Integer> running = new HashSet<>();
		for (ManagedRedis node : this.nodes) {
			String info = clusterInfo(node);
			if (!info.isEmpty() && !info.contains(STATE_OK)) {
				return false;
			}
			if (!info.isEmpty()) {
				running.add(node.endpoint().port());
			}
		}
		return !running.isEmpty() && this.nodes.stream()
			.filter((node) -> running.contains(node.endpoint().port()))
			.allMatch((node) -> view(node).map((view) -> servedByRunning(view, running)).orElse(false));
	}

	/** Whether the primaries that run and are not failed own all the slots between them. */
	private static boolean servedByRunning(Partitions view, Set<Integer> runningPorts) {
		int served = 0;
		for (RedisClusterNode seen : view) {
			if (seen.is(NodeFlag.UPSTREAM) && !seen.is(NodeFlag.FAIL)
					&& runningPorts.contains(seen.getUri().getPort())) {
				served += seen.getSlots().size();
			}
		}
		return served == SLOTS;
	}

	/** The slots of the k-th primary: an equal share of them, in one range. */
	private IntStream slots(int primary) {
		return IntStream.range(primary * SLOTS / this.primaryCount, (primary + 1) * SLOTS / this.primaryCount);
	}

	private Partitions anyView() {
		return this.nodes.stream()
			.map(this::view)
			.flatMap(Optional::stream)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No node of the cluster " + nodes() + " answers"));
	}

	private static @Nullable RedisClusterNode find(Partitions view, ManagedRedis node) {
		for (RedisClusterNode seen : view) {
			if (seen.getUri().getPort() == node.endpoint().port()) {
				return seen;
			}
		}
		return null;
	}

	/** The node's {@code CLUSTER NODES}, or empty if it does not answer. */
	private Optional<Partitions> view(ManagedRedis node) {
		return ask(node, (redis) -> ClusterPartitionParser.parse(redis.clusterNodes()));
	}

	/** The node's {@code CLUSTER INFO}, or an empty string if it does not answer. */
	private String clusterInfo(ManagedRedis node) {
		return ask(node, RedisCommands::clusterInfo).orElse("");
	}

	/** Describe what every node reports, for a message on giving up. */
	private String state() {
		return this.nodes.stream().map((node) -> {
			String info = clusterInfo(node);
			String clusterState = info.lines().filter((line) -> line.startsWith("cluster_state:")).findFirst()
				.orElse("not answering");
			return node.endpoint() + " " + clusterState + ask(node, RedisCommands::clusterNodes)
				.map((known) -> ", CLUSTER NODES:\n" + known.strip())
				.orElse("");
		}).collect(Collectors.joining("\n"));
	}

	private static RedisClient resp2Client() {
		RedisClient client = RedisClient.create();
		client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
		return client;
	}

	private <T> Optional<T> ask(ManagedRedis node, Function<RedisCommands<String, String>, T> action) {
		try {
			return Optional.ofNullable(command(node, action));
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private <T> T command(ManagedRedis node, Function<RedisCommands<String, String>, T> action) {
		RedisURI uri = RedisURI.builder().withHost(node.endpoint().host()).withPort(node.endpoint().port())
			.withTimeout(Duration.ofSeconds(1)).build();
		try (StatefulRedisConnection<String, String> connection = this.client.connect(uri)) {
			return action.apply(connection.sync());
		}
	}

	private void await(String what, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(READY_TIMEOUT);
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Gave up waiting for " + what + " after " + READY_TIMEOUT.toSeconds()
						+ " s; the nodes report:\n" + state());
			}
			try {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
	}

	/** A node on its own configuration file, which Redis writes. */
	private static ManagedRedis node(RedisBinary binary, int port, Duration nodeTimeout) {
		List<String> arguments = new ArrayList<>(ManagedRedis.serverArguments(port));
		arguments.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", configFile(port).toString(),
				"--cluster-node-timeout", String.valueOf(nodeTimeout.toMillis()), "--cluster-replica-validity-factor",
				"0"));
		return new ManagedRedis(binary, port, arguments);
	}

	/** An empty file, which Redis takes for no configuration yet and then writes. */
	private static Path configFile(int port) {
		try {
			Path config = Files.createTempFile("beacon-cluster-" + port + "-", ".conf");
			config.toFile().deleteOnExit();
			return config;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a cluster node's configuration file", ex);
		}
	}

	/**
	 * A free port whose bus port is free too and not above 65535, and neither of which an
	 * earlier node of this cluster took.
	 */
	private static int port(Set<Integer> taken) {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = FreePorts.next();
			int bus = port + BUS_PORT_OFFSET;
			if (port <= MAX_PORT && !taken.contains(port) && !taken.contains(bus) && isFree(bus)) {
				taken.add(port);
				taken.add(bus);
				return port;
			}
		}
		throw new IllegalStateException("Found no free port at most " + MAX_PORT + " with its cluster bus port free");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}

package dev.beacon.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Added to the packaged registry by {@link RegistryServerJarIT}: the Redis connection on which
 * the change feed reads (the one that sends {@code XREAD}) takes {@link #DELAY} to close, as it
 * does when its event loop is busy or its thread waits for a CPU. A stop then reliably meets
 * what it meets only sometimes on an idle machine: that connection still closing when the
 * connection factory shuts the Redis client down. An in-process registry never uses it: only
 * the imports file that {@link #writeTo} writes for the jar lists it.
 */
final class SlowFeedConnectionClose {

	static final Duration DELAY = Duration.ofMillis(500);

	private static final List<Class<?>> CLASSES = List.of(SlowFeedConnectionClose.class, SlowCloseCustomizer.class,
			SlowClose.class);

	@Bean
	ClientResourcesBuilderCustomizer slowFeedConnectionClose() {
		return (builder) -> builder.nettyCustomizer(new SlowCloseCustomizer());
	}

	/**
	 * Writes these classes, and the auto-configuration imports file that names this one, to a
	 * directory to give the packaged registry as {@code loader.path}.
	 * @param directory an empty directory
	 * @return the directory
	 */
	static Path writeTo(Path directory) throws IOException {
		for (Class<?> type : CLASSES) {
			String file = type.getName().replace('.', '/') + ".class";
			Path target = directory.resolve(file);
			Files.createDirectories(target.getParent());
			try (InputStream in = type.getClassLoader().getResourceAsStream(file)) {
				Files.copy(in, target);
			}
		}
		Path imports = directory
			.resolve("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
		Files.createDirectories(imports.getParent());
		Files.writeString(imports, SlowFeedConnectionClose.class.getName() + System.lineSeparator());
		return directory;
	}

	static final class SlowCloseCustomizer implements NettyCustomizer {

		@Override
		public void afterChannelInitialized(Channel channel) {
			channel.pipeline().addLast(new SlowClose());
		}

	}

	/** Delays the close of a channel once an {@code XREAD} was written on it. */
	static final class SlowClose extends ChannelOutboundHandlerAdapter {

		private boolean blockingRead;

		@Override
		public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
			if (message instanceof RedisCommand<?, ?, ?> command && command.getType() == CommandType.XREAD) {
				this.blockingRead = true;
			}
			super.write(context, message, promise);
		}

		@Override
		public void close(ChannelHandlerContext context, ChannelPromise promise) {
			if (this.blockingRead) {
				context.executor().schedule(() -> context.close(promise), DELAY.toMillis(), TimeUnit.MILLISECONDS);
			}
			else {
				context.close(promise);
			}
		}

	}

}

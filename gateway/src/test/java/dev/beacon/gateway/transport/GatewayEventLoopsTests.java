package dev.beacon.gateway.transport;

import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringSocketChannel;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * io_uring when asked for and the kernel offers it, Reactor Netty's own choice otherwise; one
 * loop per processor unless told.
 */
class GatewayEventLoopsTests {

	@Test
	void ioUringWhereTheKernelOffersIt() {
		GatewayEventLoops loops = GatewayEventLoops.create(2, true);
		try {
			assertThat(loops.threads()).isEqualTo(2);
			if (IoUring.isAvailable()) {
				assertThat(loops.transport()).isEqualTo("io_uring");
				assertThat(loops.resources().onChannelClass(SocketChannel.class, loops.resources().onClient(true)))
					.isEqualTo(IoUringSocketChannel.class);
			}
			else {
				assertThat(loops.transport()).isIn("epoll", "nio");
			}
		}
		finally {
			loops.dispose();
		}
	}

	@Test
	void reactorNettysTransportWhenIoUringIsOff() {
		GatewayEventLoops loops = GatewayEventLoops.create(0, false);
		try {
			assertThat(loops.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
			assertThat(loops.transport()).isEqualTo(LoopResources.hasNativeSupport() ? "epoll" : "nio");
			assertThat(loops.resources()).isNotInstanceOf(IoUringLoopResources.class);
		}
		finally {
			loops.dispose();
		}
	}

}

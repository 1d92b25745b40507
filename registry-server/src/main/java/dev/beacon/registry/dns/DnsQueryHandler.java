package dev.beacon.registry.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsResponseCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The last handler of the DNS interface's pipelines, over UDP and TCP: answers each query
 * decoded by Netty's codec, writing the response itself with {@link DnsResponses}. Whatever fails stays within one message: a packet that cannot be
 * read is dropped (a TCP connection that sent one is closed, as its next message cannot be
 * trusted to start where this one ended), a query whose answer fails is answered SERVFAIL.
 */
@ChannelHandler.Sharable
final class DnsQueryHandler extends SimpleChannelInboundHandler<DnsQuery> {

	private static final Log logger = LogFactory.getLog(DnsQueryHandler.class);

	private final DnsAnswers answers;

	DnsQueryHandler(DnsAnswers answers) {
		this.answers = answers;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, DnsQuery dnsQuery) {
		// read now: Netty releases the query when this method returns, the answer may come later
		Query query = Query.of(dnsQuery);
		Mono.defer(() -> this.answers.answer(query))
			.onErrorResume((ex) -> servfail(query, ex))
			.subscribe((answer) -> ctx.writeAndFlush(response(ctx.alloc(), query, answer))
				.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE));
	}

	/**
	 * The response as its transport carries it: a datagram back to the client over UDP, a
	 * message after its two-byte length over TCP (RFC 1035 section 4.2.2).
	 */
	private static Object response(ByteBufAllocator allocator, Query query, Answer answer) {
		boolean tcp = query.client() == null;
		ByteBuf out = allocator.ioBuffer(tcp ? 2 + DnsResponses.UDP_WITHOUT_EDNS : DnsResponses.UDP_WITHOUT_EDNS);
		if (tcp) {
			out.writeShort(0);
		}
		try {
			DnsResponses.write(query, answer, out);
		}
		catch (IllegalArgumentException ex) {
			// a name Netty read but that cannot be written back (a label that grew past 63 bytes as UTF-8)
			out.writerIndex(tcp ? 2 : 0);
			DnsResponses.write(query.withoutQuestion(), Answer.of(DnsResponseCode.FORMERR), out);
		}
		if (!tcp) {
			return new DatagramPacket(out, query.client(), query.server());
		}
		out.setShort(0, out.readableBytes() - 2);
		return out;
	}

	/**
	 * A query whose service could not be read, as Redis cannot be reached: logged at debug
	 * level only, as the registry's health and its other calls report the outage once, where
	 * every query would repeat it.
	 */
	private static Mono<Answer> servfail(Query query, Throwable ex) {
		if (logger.isDebugEnabled()) {
			logger.debug("DNS query " + query.question() + " answered SERVFAIL", ex);
		}
		return Mono.just(Answer.of(DnsResponseCode.SERVFAIL));
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (logger.isDebugEnabled()) {
			logger.debug("Dropped a DNS message from " + ctx.channel().remoteAddress() + ": " + cause);
		}
		if (!(ctx.channel() instanceof DatagramChannel)) {
			ctx.close();
		}
	}

}

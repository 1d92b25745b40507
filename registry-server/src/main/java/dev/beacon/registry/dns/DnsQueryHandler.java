package dev.beacon.registry.dns;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsResponseCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * The last handler of the DNS interface's pipelines, over UDP and TCP: answers each query
 * decoded by Netty's codec. Whatever fails stays within one message: a packet that cannot be
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
			.subscribe((answer) -> ctx.writeAndFlush(DnsResponses.response(query, answer))
				.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE));
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

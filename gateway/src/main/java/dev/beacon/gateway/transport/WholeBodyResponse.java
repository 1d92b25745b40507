package dev.beacon.gateway.transport;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

/**
 * A response that joins a body of known, small length before writing it. Reactor Netty sends
 * a streamed body only once the write of the headers has completed, so a proxied answer costs
 * the gateway two writes to the client; a body handed over whole goes out with its headers in
 * one. Until the body is complete nothing is committed, so an instance that fails mid-answer
 * gets the client an error status rather than a cut-off body.
 */
final class WholeBodyResponse extends ServerHttpResponseDecorator {

	private final int limit;

	WholeBodyResponse(ServerHttpResponse delegate, int limit) {
		super(delegate);
		this.limit = limit;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		long length = getHeaders().getContentLength();
		if (body instanceof Mono || length <= 0 || length > this.limit) {
			return super.writeWith(body);
		}
		return super.writeWith(DataBufferUtils.join(body, this.limit));
	}

}

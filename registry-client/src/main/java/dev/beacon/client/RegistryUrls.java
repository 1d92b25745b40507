package dev.beacon.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The registry servers, tried in turn: calls go to the current one, and a failure moves on to
 * the next, so all clients of a dead server move away from it at once.
 */
public final class RegistryUrls {

	private final List<URI> urls;

	private final AtomicInteger current = new AtomicInteger();

	public RegistryUrls(List<URI> urls) {
		if (urls.isEmpty()) {
			throw new IllegalArgumentException("At least one registry URL is needed");
		}
		this.urls = urls.stream().map(RegistryUrls::withoutTrailingSlash).toList();
	}

	public URI current() {
		return this.urls.get(Math.floorMod(this.current.get(), this.urls.size()));
	}

	/**
	 * Moves on from a server that failed, unless another caller already did.
	 * @param failed the server that failed
	 */
	public void failed(URI failed) {
		int index = this.current.get();
		if (this.urls.get(Math.floorMod(index, this.urls.size())).equals(failed)) {
			this.current.compareAndSet(index, index + 1);
		}
	}

	public int size() {
		return this.urls.size();
	}

	private static URI withoutTrailingSlash(URI url) {
		String text = url.toString();
		return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
	}

}

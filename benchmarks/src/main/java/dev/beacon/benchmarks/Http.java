package dev.beacon.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import dev.beacon.benchmarks.LoadGenerator.Request;

/**
 * Single calls on the JDK's HttpClient for the workloads that time one change at a time (not
 * load): the answer with its body and the moment ({@link System#nanoTime()}) it arrived.
 */
record Http(HttpClient client) {

	/** An answer and the time it arrived. */
	record Answer(int status, String body, long arrivedNanos) {

		boolean ok() {
			return status >= 200 && status < 300;
		}

	}

	Answer send(String baseUrl, Map<String, String> headers, Request request) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + request.path()))
			.timeout(Duration.ofSeconds(10))
			.method(request.method().name(), (request.body() != null)
					? HttpRequest.BodyPublishers.ofString(request.body()) : HttpRequest.BodyPublishers.noBody());
		headers.forEach(builder::header);
		try {
			HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(), System.nanoTime());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + baseUrl + request.path(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Sends the request and fails unless it answered 2xx. */
	Answer expectOk(String baseUrl, Map<String, String> headers, Request request) {
		Answer answer = send(baseUrl, headers, request);
		if (!answer.ok()) {
			throw new IllegalStateException(request.method() + " " + baseUrl + request.path() + " answered "
					+ answer.status() + ": " + answer.body());
		}
		return answer;
	}

}

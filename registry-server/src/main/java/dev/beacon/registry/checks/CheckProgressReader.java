package dev.beacon.registry.checks;

import reactor.core.publisher.Mono;

/**
 * Reads how an instance's check has gone, for whoever asks why an instance is {@code DOWN}.
 */
public interface CheckProgressReader {

	/**
	 * @param service the service
	 * @param id the instance id
	 * @return the check's progress; empty when the instance has no check
	 */
	Mono<CheckProgress> progress(String service, String id);

}

package dev.beacon.discovery.registration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.testsupport.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * With {@code beacon.discovery.fail-fast=true} an application whose registration no registry
 * accepts fails to start; without it, it starts and keeps retrying.
 */
class FailFastTests {

	private static final String NOBODY = "http://127.0.0.1:" + FreePorts.next();

	@Test
	void failFastStopsStartUpWhenNoRegistryAnswers() {
		assertThatException().isThrownBy(() -> start("--beacon.discovery.fail-fast=true").close())
			.satisfies((ex) -> assertThat(messages(ex)).contains("beacon.discovery.fail-fast=true")
				.contains("No Beacon registry accepted the registration"));
	}

	@Test
	void withoutFailFastTheApplicationStartsAnyway() {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.isActive()).isTrue();
			assertThat(context.getBean(BeaconServiceRegistry.class).isRegistered()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(String... extra) {
		String[] args = { "--spring.application.name=lonely", "--server.port=0",
				"--beacon.discovery.registry-url=" + NOBODY, "--beacon.discovery.request-timeout=500ms",
				"--spring.main.banner-mode=off" };
		String[] all = new String[args.length + extra.length];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(extra, 0, all, args.length, extra.length);
		return new SpringApplicationBuilder(App.class).run(all);
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			messages.append(ex.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}

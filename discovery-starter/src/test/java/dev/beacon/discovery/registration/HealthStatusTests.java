package dev.beacon.discovery.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status health imposes, read with Boot's own health endpoint, availability bean and
 * probes. The readiness event reaches {@link InstanceStatus} before Boot's availability bean
 * (as it can in an application: nothing orders the two listeners), and the heartbeat that
 * carries the change reads health in between.
 */
class HealthStatusTests {

	private final AtomicReference<Status> other = new AtomicReference<>(Status.UP);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
				AvailabilityProbesAutoConfiguration.class))
		.withBean("otherHealthIndicator", HealthIndicator.class,
				() -> () -> Health.status(this.other.get()).build());

	private final List<String> sent = new ArrayList<>();

	private final List<ReadinessState> bootsReadinessWhenSent = new ArrayList<>();

	@ParameterizedTest
	@ValueSource(strings = { "management.endpoint.health.show-details=always",
			"management.endpoint.health.show-components=never", "management.endpoint.health.group.ready.include=other",
			"management.endpoint.health.probes.enabled=false" })
	void turnsUpAsSoonAsReadyThoughBootsAvailabilityHasNotSeenTheEventYet(String setting) {
		this.runner.withPropertyValues(setting).run((context) -> {
			InstanceStatus status = instanceStatus(context);
			publish(context, status, LivenessState.CORRECT);

			publish(context, status, ReadinessState.ACCEPTING_TRAFFIC);

			assertThat(this.bootsReadinessWhenSent).containsExactly(ReadinessState.REFUSING_TRAFFIC);
			assertThat(this.sent).containsExactly("UP");
			assertThat(status.current()).isEqualTo("UP");
		});
	}

	@Test
	void outOfServiceAsSoonAsTheApplicationRefusesTrafficAgain() {
		this.runner.run((context) -> {
			InstanceStatus status = ready(context);

			publish(context, status, ReadinessState.REFUSING_TRAFFIC);

			assertThat(this.bootsReadinessWhenSent).containsExactly(ReadinessState.ACCEPTING_TRAFFIC);
			assertThat(this.sent).containsExactly("OUT_OF_SERVICE");
			assertThat(status.current()).isEqualTo("OUT_OF_SERVICE");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "DOWN", "OUT_OF_SERVICE" })
	void anotherIndicatorTakesTheInstanceOutOfRotation(String code) {
		this.runner.withPropertyValues("management.endpoint.health.show-components=never").run((context) -> {
			InstanceStatus status = ready(context);

			this.other.set(new Status(code));

			assertThat(status.current()).isEqualTo(code);
			this.other.set(Status.UP);
			assertThat(status.current()).isEqualTo("UP");
		});
	}

	@Test
	void brokenLivenessStillTakesTheInstanceOutOfRotation() {
		this.runner.run((context) -> {
			InstanceStatus status = ready(context);

			publish(context, status, LivenessState.BROKEN);

			assertThat(status.current()).isEqualTo("DOWN");
		});
	}

	@Test
	void theApplicationsStatusOrderDecidesBetweenIndicators() {
		this.runner.withPropertyValues("management.endpoint.health.status.order=out-of-service,down,up,unknown")
			.run((context) -> {
				InstanceStatus status = ready(context);

				this.other.set(Status.OUT_OF_SERVICE);
				publish(context, status, LivenessState.BROKEN);

				assertThat(status.current()).isEqualTo("OUT_OF_SERVICE");
			});
	}

	@Test
	void imposesNothingWithoutActuatorsHealthEndpoint() {
		new ApplicationContextRunner().run((context) -> assertThat(healthStatus(context).status()).isNull());
	}

	private InstanceStatus ready(ApplicationContext context) {
		InstanceStatus status = instanceStatus(context);
		publish(context, status, LivenessState.CORRECT);
		publish(context, status, ReadinessState.ACCEPTING_TRAFFIC);
		this.sent.clear();
		this.bootsReadinessWhenSent.clear();
		return status;
	}

	/** The status, with the heartbeat each change sends at once run right there. */
	private InstanceStatus instanceStatus(ApplicationContext context) {
		InstanceStatus status = new InstanceStatus(healthStatus(context));
		ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
		status.onChange(() -> {
			this.bootsReadinessWhenSent.add(availability.getReadinessState());
			this.sent.add(status.report().name());
		});
		return status;
	}

	private static HealthStatus healthStatus(ApplicationContext context) {
		return new HealthStatus(context.getBeanProvider(HealthEndpoint.class),
				context.getBeanProvider(HealthEndpointGroups.class));
	}

	/** Delivers the event to the instance status first, then to the application's listeners. */
	private static void publish(ApplicationContext context, InstanceStatus status, AvailabilityState state) {
		status.onApplicationEvent(new AvailabilityChangeEvent<>(context, state));
		AvailabilityChangeEvent.publish(context, state);
	}

}

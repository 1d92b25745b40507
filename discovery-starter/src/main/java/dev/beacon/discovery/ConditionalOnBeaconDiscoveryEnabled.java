package dev.beacon.discovery;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.context.annotation.Conditional;

/**
 * Beacon is on when Spring Cloud discovery is on, {@code beacon.discovery.enabled} is not
 * {@code false}, and {@code beacon.discovery.registry-url} names at least one registry.
 * <p>
 * The registry URL has its own condition: Boot reads only the first of two
 * {@code @ConditionalOnProperty} repeated on a meta-annotation, so a second one is ignored.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnDiscoveryEnabled
@ConditionalOnProperty(name = "beacon.discovery.enabled", matchIfMissing = true)
@Conditional(OnRegistryUrlCondition.class)
public @interface ConditionalOnBeaconDiscoveryEnabled {

}

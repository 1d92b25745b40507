package dev.beacon.discovery.loadbalancer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration;

import dev.beacon.discovery.ConditionalOnBeaconDiscoveryEnabled;
import dev.beacon.discovery.catalog.BeaconDiscoveryClientAutoConfiguration;
import dev.beacon.discovery.catalog.InstanceCatalog;

/**
 * Feeds every Spring Cloud LoadBalancer client from the Beacon catalog, so that
 * {@code @LoadBalanced} {@code RestClient}, {@code WebClient} and {@code RestTemplate} see a new
 * or removed instance at once instead of after LoadBalancer's 35 s cache.
 */
@AutoConfiguration(after = BeaconDiscoveryClientAutoConfiguration.class, before = LoadBalancerAutoConfiguration.class)
@ConditionalOnBeaconDiscoveryEnabled
@ConditionalOnClass(LoadBalancerClients.class)
@ConditionalOnBean(InstanceCatalog.class)
@ConditionalOnProperty(name = "spring.cloud.loadbalancer.enabled", matchIfMissing = true)
@LoadBalancerClients(defaultConfiguration = BeaconLoadBalancerClientConfiguration.class)
public final class BeaconLoadBalancerAutoConfiguration {

}

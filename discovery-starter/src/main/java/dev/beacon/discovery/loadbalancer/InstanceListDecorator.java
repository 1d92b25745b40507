package dev.beacon.discovery.loadbalancer;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplierBuilder;

/**
 * One more step in the chain that every load-balanced client's instance list passes through,
 * after Beacon's push-fed list and the decorators named in
 * {@code spring.cloud.loadbalancer.configurations}. Declare one as a bean; several apply in
 * their {@code @Order}.
 */
@FunctionalInterface
public interface InstanceListDecorator extends ServiceInstanceListSupplierBuilder.DelegateCreator {

}

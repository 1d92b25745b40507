package dev.beacon.gateway.failover;

import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beacon.discovery.loadbalancer.InstanceListDecorator;

/**
 * Leaves ejected instances out of every instance list, unless that would leave none: then all
 * are offered, since an instance that may have recovered beats a certain failure.
 */
public class EjectingInstanceListDecorator implements InstanceListDecorator {

	private final EjectedInstances ejected;

	public EjectingInstanceListDecorator(EjectedInstances ejected) {
		this.ejected = ejected;
	}

	@Override
	public ServiceInstanceListSupplier apply(ConfigurableApplicationContext context,
			ServiceInstanceListSupplier delegate) {
		return new Ejecting(delegate, this.ejected);
	}

	private static final class Ejecting extends DelegatingServiceInstanceListSupplier {

		private final EjectedInstances ejected;

		Ejecting(ServiceInstanceListSupplier delegate, EjectedInstances ejected) {
			super(delegate);
			this.ejected = ejected;
		}

		@Override
		public Flux<List<ServiceInstance>> get() {
			return getDelegate().get().map(this::withoutEjected);
		}

		@Override
		public Flux<List<ServiceInstance>> get(Request request) {
			return getDelegate().get(request).map((instances) -> withoutTried(withoutEjected(instances), request));
		}

		/** A retry goes to an instance the request has not failed on, while one is left. */
		private static List<ServiceInstance> withoutTried(List<ServiceInstance> instances, Request<?> request) {
			if (!(request.getContext() instanceof RequestDataContext context) || context.getClientRequest() == null
					|| !(context.getClientRequest().getAttributes().get(InstanceFailoverFilter.TRIED_ATTRIBUTE)
							instanceof Set<?> tried)
					|| tried.isEmpty()) {
				return instances;
			}
			List<ServiceInstance> untried = instances.stream()
				.filter((instance) -> !tried.contains(InstanceFailoverFilter.key(instance)))
				.toList();
			return untried.isEmpty() ? instances : untried;
		}

		private List<ServiceInstance> withoutEjected(List<ServiceInstance> instances) {
			if (this.ejected.none()) {
				return instances;
			}
			List<ServiceInstance> healthy = instances.stream().filter((instance) -> !this.ejected.isEjected(instance))
				.toList();
			return healthy.isEmpty() ? instances : healthy;
		}

	}

}

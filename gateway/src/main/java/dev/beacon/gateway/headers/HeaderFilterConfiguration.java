package dev.beacon.gateway.headers;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the copy-on-remove versions in place of Spring Cloud Gateway's own header filters, as
 * its configuration created and bound them (a filter whose class is not exactly its own, such
 * as an application's subclass, is left alone). Together they took about 7% of the gateway's
 * CPU time per proxied request, copying headers that were then handed on unchanged.
 */
@Configuration(proxyBeanMethods = false)
class HeaderFilterConfiguration {

	@Bean
	static BeanPostProcessor copyOnRemoveHeaderFilters() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				Class<?> type = bean.getClass();
				if (type == RemoveHopByHopHeadersFilter.class) {
					return new CopyOnRemoveRemoveHopByHopHeadersFilter((RemoveHopByHopHeadersFilter) bean);
				}
				if (type == RemoveForwardedHeadersFilter.class) {
					return new CopyOnRemoveRemoveForwardedHeadersFilter();
				}
				if (type == RemoveXForwardedHeadersFilter.class) {
					return new CopyOnRemoveRemoveXForwardedHeadersFilter();
				}
				if (type == GRPCRequestHeadersFilter.class) {
					return new CopyOnChangeGrpcRequestHeadersFilter();
				}
				return bean;
			}

		};
	}

}

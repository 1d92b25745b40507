package dev.beacon.gateway.exposure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExposureConfiguration {

	@Bean
	UnsafePathFilter unsafePathFilter() {
		return new UnsafePathFilter();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "beacon.gateway.forward-management-paths", havingValue = false,
			matchIfMissing = true)
	ManagementPathFilter managementPathFilter() {
		return new ManagementPathFilter();
	}

}

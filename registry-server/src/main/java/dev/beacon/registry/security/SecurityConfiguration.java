package dev.beacon.registry.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

	@Bean
	ApiAccess apiAccess(SecurityProperties properties, Environment environment) {
		if (!properties.isEnabled()) {
			logger.warn("Registry API runs without tokens: anyone who reaches it may register and deregister "
					+ "(beacon.registry.security.enabled=false)");
		}
		return ApiAccess.of(properties, environment.getProperty("management.endpoints.web.base-path", "/actuator"));
	}

}

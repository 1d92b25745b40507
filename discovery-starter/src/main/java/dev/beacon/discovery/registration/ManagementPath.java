package dev.beacon.discovery.registration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.Environment;

/**
 * Where Actuator's endpoints are, from the root of the port that serves them, for the
 * {@code management.context-path} metadata: the server's context path (or the management
 * server's base path, on a port of its own) followed by the endpoints' base path, as Spring
 * Boot Admin and Beacon's gateway read it. The gateway refuses to forward requests under
 * that path; endpoints mapped at the root cannot be told from the application's own paths,
 * which is worth a warning when they share its port.
 */
final class ManagementPath {

	private static final Log logger = LogFactory.getLog(ManagementPath.class);

	private ManagementPath() {
	}

	/** Whether Actuator's endpoints have a port of their own, not the application's. */
	static boolean onOwnPort(Environment environment) {
		String managementPort = environment.getProperty("management.server.port");
		return managementPort != null && !managementPort.equals(environment.getProperty("server.port", "8080"));
	}

	static String of(Environment environment) {
		String endpoints = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		boolean ownPort = onOwnPort(environment);
		String root = ownPort ? environment.getProperty("management.server.base-path", "")
				: environment.getProperty("server.servlet.context-path",
						environment.getProperty("spring.webflux.base-path", ""));
		String path = trimmed(root) + trimmed(endpoints);
		if (path.isEmpty() && !ownPort) {
			logger.warn("Actuator's endpoints are mapped at the root of the application's own port "
					+ "(management.endpoints.web.base-path=/): a gateway cannot tell them from the application's "
					+ "paths and forwards them; give them a base path or a port of their own (management.server.port)");
		}
		return path.isEmpty() ? "/" : path;
	}

	/** The path with one leading slash and none at the end; empty for the root. */
	private static String trimmed(String path) {
		String trimmed = path.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return (trimmed.isEmpty() || trimmed.startsWith("/")) ? trimmed : "/" + trimmed;
	}

}

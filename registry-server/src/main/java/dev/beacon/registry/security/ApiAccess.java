package dev.beacon.registry.security;

import org.jspecify.annotations.Nullable;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Decides who may call the {@code /v1} API and Actuator's endpoints: reads need the
 * {@code read} role (unless reads are open), everything else the {@code write} role. Actuator's
 * endpoints other than health are guarded as reads: the metrics name every service, as the
 * catalog does. Health stays open to whoever checks the server (a load balancer, a container
 * platform's probes). Other paths are not its concern.
 */
public final class ApiAccess {

	private static final String API = "/v1/";

	private static final String BEARER = "Bearer ";

	private final @Nullable TokenVerifier verifier;

	private final boolean openReads;

	private final @Nullable String actuator;

	private ApiAccess(@Nullable TokenVerifier verifier, boolean openReads, String actuatorPath) {
		this.verifier = verifier;
		this.openReads = openReads;
		String trimmed = actuatorPath.endsWith("/") ? actuatorPath.substring(0, actuatorPath.length() - 1)
				: actuatorPath;
		// endpoints mapped at the root cannot be told from other paths: nothing is guarded then
		this.actuator = trimmed.isEmpty() ? null : trimmed;
	}

	public static ApiAccess of(SecurityProperties properties) {
		return of(properties, "/actuator");
	}

	/**
	 * Access as configured.
	 * @param properties the security settings
	 * @param actuatorPath where Actuator's endpoints are ({@code management.endpoints.web.base-path})
	 * @return the access rules
	 */
	public static ApiAccess of(SecurityProperties properties, String actuatorPath) {
		return properties.isEnabled()
				? new ApiAccess(new TokenVerifier(properties.tokens()), properties.openReads(), actuatorPath)
				: new ApiAccess(null, true, actuatorPath);
	}

	/**
	 * Decides on one request.
	 * @param method the request's method
	 * @param path the path within the application
	 * @param authorization the {@code Authorization} header, if any
	 * @return granted, or why not
	 */
	public Decision decide(@Nullable HttpMethod method, String path, @Nullable String authorization) {
		if (this.verifier == null || !(path.startsWith(API) || isGuardedEndpoint(path))) {
			return Decision.GRANTED;
		}
		boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
		if (read && this.openReads) {
			return Decision.GRANTED;
		}
		Role needed = read ? Role.READ : Role.WRITE;
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return new Decision(HttpStatus.UNAUTHORIZED, "A bearer token is required");
		}
		Set<Role> roles = this.verifier.rolesOf(authorization.substring(BEARER.length()).trim());
		if (roles.isEmpty()) {
			return new Decision(HttpStatus.UNAUTHORIZED, "The bearer token is not valid");
		}
		if (roles.stream().noneMatch((role) -> role.grants(needed))) {
			return new Decision(HttpStatus.FORBIDDEN, "The bearer token lacks the " + needed.name().toLowerCase() + " role");
		}
		return Decision.GRANTED;
	}

	private boolean isGuardedEndpoint(String path) {
		String base = this.actuator;
		if (base == null || !path.startsWith(base)
				|| (path.length() > base.length() && path.charAt(base.length()) != '/')) {
			return false;
		}
		String health = base + "/health";
		return !(path.equals(health) || path.startsWith(health + "/"));
	}

	/**
	 * The outcome of {@link #decide}.
	 *
	 * @param refusal the status to refuse with; {@code null} when granted
	 * @param detail why the request is refused; {@code null} when granted
	 */
	public record Decision(@Nullable HttpStatus refusal, @Nullable String detail) {

		static final Decision GRANTED = new Decision(null, null);

		public boolean granted() {
			return this.refusal == null;
		}

	}

}

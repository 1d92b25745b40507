package dev.beacon.registry.security;

import org.jspecify.annotations.Nullable;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Decides who may call the {@code /v1} API: reads need the {@code read} role (unless reads are
 * open), everything else the {@code write} role. Paths outside {@code /v1} are not its concern.
 */
public final class ApiAccess {

	private static final String API = "/v1/";

	private static final String BEARER = "Bearer ";

	private final @Nullable TokenVerifier verifier;

	private final boolean openReads;

	private ApiAccess(@Nullable TokenVerifier verifier, boolean openReads) {
		this.verifier = verifier;
		this.openReads = openReads;
	}

	public static ApiAccess of(SecurityProperties properties) {
		return properties.isEnabled() ? new ApiAccess(new TokenVerifier(properties.tokens()), properties.openReads())
				: new ApiAccess(null, true);
	}

	/**
	 * Decides on one request.
	 * @param method the request's method
	 * @param path the path within the application
	 * @param authorization the {@code Authorization} header, if any
	 * @return granted, or why not
	 */
	public Decision decide(@Nullable HttpMethod method, String path, @Nullable String authorization) {
		if (this.verifier == null || !path.startsWith(API)) {
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

package dev.beacon.registry.security;

import org.jspecify.annotations.Nullable;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import javax.security.auth.x500.X500Principal;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Decides who may call the {@code /v1} API and Actuator's endpoints: reads need the
 * {@code read} role (unless reads are open), everything else the {@code write} role, and a call
 * on one service needs that service in the token's read or write scope. Actuator's endpoints
 * other than health are guarded as reads, by tokens that may read every service: the metrics
 * name every service, as the catalog does. Health stays open to whoever checks the server (a load balancer, a container
 * platform's probes). Other paths are not its concern.
 */
public final class ApiAccess {

	private static final String API = "/v1/";

	private static final String SERVICES = "/v1/services/";

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
		if (!needsCaller(method, path)) {
			return Decision.GRANTED;
		}
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Decision.refused(HttpStatus.UNAUTHORIZED, "A bearer token is required");
		}
		Caller caller = verifier().callerOf(authorization.substring(BEARER.length()).trim());
		if (caller == null) {
			return Decision.refused(HttpStatus.UNAUTHORIZED, "The bearer token is not valid");
		}
		return authorize(method, path, caller);
	}

	/**
	 * Whether a request needs a caller known by its credentials: it is a call of the API or a
	 * guarded endpoint, tokens are on, and it is no read while reads are open.
	 * @param method the request's method
	 * @param path the path within the application
	 * @return {@code true} when {@link #decide} would refuse it without credentials
	 */
	public boolean needsCaller(@Nullable HttpMethod method, String path) {
		if (this.verifier == null || !(path.startsWith(API) || isGuardedEndpoint(path))) {
			return false;
		}
		return !(isRead(method) && this.openReads);
	}

	/**
	 * Decides on one request of a caller known by other credentials than a bearer token (the
	 * dashboard's session), by the same rules: role, then scope.
	 * @param method the request's method
	 * @param path the path within the application
	 * @param caller who makes it
	 * @return granted, or why not
	 */
	public Decision decideFor(@Nullable HttpMethod method, String path, Caller caller) {
		return needsCaller(method, path) ? authorize(method, path, caller) : Decision.GRANTED;
	}

	private Decision authorize(@Nullable HttpMethod method, String path, Caller caller) {
		boolean read = isRead(method);
		Role needed = read ? Role.READ : Role.WRITE;
		if (caller.roles().stream().noneMatch((role) -> role.grants(needed))) {
			return Decision.refused(HttpStatus.FORBIDDEN,
					"The token '" + caller.name() + "' lacks the " + needed.name().toLowerCase() + " role");
		}
		if (isGuardedEndpoint(path) && !caller.reads().isAll()) {
			return Decision.refused(HttpStatus.FORBIDDEN, "The token '" + caller.name() + "' may read only some "
					+ "services, and Actuator's endpoints name every service");
		}
		String service = serviceIn(path);
		if (service != null) {
			ServiceScope scope = read ? caller.reads() : caller.writes();
			if (!scope.isAll() && !scope.allows(service)) {
				return Decision.refused(HttpStatus.FORBIDDEN, "The token '" + caller.name() + "' may not "
						+ (read ? "read" : "write") + " the service '" + service + "'");
			}
		}
		return new Decision(null, null, caller);
	}

	/**
	 * The caller a client certificate stands for, over mutual TLS.
	 * @param subject the subject of the certificate the client presented, verified by TLS
	 * @return the caller, or {@code null} when no token names that subject or tokens are off
	 */
	public @Nullable Caller callerOfCertificate(X500Principal subject) {
		return (this.verifier != null) ? this.verifier.callerOfCertificate(subject) : null;
	}

	/**
	 * Whether tokens are required at all; {@code false} when security was switched off.
	 */
	public boolean isEnabled() {
		return this.verifier != null;
	}

	/**
	 * Whether reads need no token.
	 */
	public boolean isOpenReads() {
		return this.openReads;
	}

	/**
	 * Who presents a token, for a sign-in that exchanges it for a session. Compared as
	 * {@link #decide} compares bearer tokens.
	 * @param token the token's value
	 * @return the caller and the token's digest, which finds the caller again later; {@code null}
	 * when no configured token has that value or tokens are off
	 */
	public @Nullable Presented present(String token) {
		if (this.verifier == null) {
			return null;
		}
		Caller caller = this.verifier.callerOf(token);
		return (caller != null) ? new Presented(caller, TokenVerifier.hex(TokenVerifier.digest(token))) : null;
	}

	/**
	 * The caller whose token has a digest, as configured now: a token removed from the
	 * configuration, or given another value, finds nobody.
	 * @param digest the token's digest, as {@link #present} gave it
	 * @return the caller, or {@code null}
	 */
	public @Nullable Caller callerOfDigest(String digest) {
		return (this.verifier != null) ? this.verifier.callerOfDigest(digest) : null;
	}

	private TokenVerifier verifier() {
		TokenVerifier verifier = this.verifier;
		if (verifier == null) {
			throw new IllegalStateException("No tokens: every request is granted");
		}
		return verifier;
	}

	private static boolean isRead(@Nullable HttpMethod method) {
		return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
	}

	/**
	 * A token that was presented, and who it stands for.
	 *
	 * @param caller who the token stands for
	 * @param digest the token's SHA-256 digest, in hex: never the token itself
	 */
	public record Presented(Caller caller, String digest) {
	}

	/**
	 * The service a {@code /v1/services/{service}/...} path names, decoded, or {@code null} for
	 * other paths. A segment that does not decode to a name comes back as sent: it is then in no
	 * scope but every service's, and the API refuses it further on.
	 */
	private static @Nullable String serviceIn(String path) {
		if (!path.startsWith(SERVICES)) {
			return null;
		}
		int end = path.indexOf('/', SERVICES.length());
		String segment = path.substring(SERVICES.length(), (end < 0) ? path.length() : end);
		if (segment.indexOf('%') < 0) {
			return segment;
		}
		try {
			return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return segment;
		}
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
	 * @param caller who was granted; {@code null} when refused
	 */
	public record Decision(@Nullable HttpStatus refusal, @Nullable String detail, @Nullable Caller caller) {

		static final Decision GRANTED = new Decision(null, null, Caller.ANONYMOUS);

		/**
		 * A refusal.
		 * @param status {@code 401} when the credentials are missing or no longer valid,
		 * {@code 403} when they do not allow the request
		 * @param detail why, for the problem document
		 * @return the decision
		 */
		public static Decision refused(HttpStatus status, String detail) {
			return new Decision(status, detail, null);
		}

		public boolean granted() {
			return this.refusal == null;
		}

	}

}

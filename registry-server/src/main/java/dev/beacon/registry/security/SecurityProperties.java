package dev.beacon.registry.security;

import org.jspecify.annotations.Nullable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bearer tokens of the registry API, under {@code beacon.registry.security}. Without a token
 * the server refuses to start unless security is switched off explicitly.
 *
 * @param enabled Whether the API requires bearer tokens; must be set to {@code false}
 * explicitly to run without tokens
 * @param openReads Whether reads (services, instances, watch) are allowed without a token
 * @param tokens Accepted tokens with their roles
 */
@ConfigurationProperties("beacon.registry.security")
public record SecurityProperties(@Nullable Boolean enabled, @DefaultValue("false") boolean openReads,
		@DefaultValue List<Token> tokens) {

	public SecurityProperties {
		if (enabled == null || enabled) {
			if (tokens.isEmpty()) {
				throw new IllegalArgumentException("No registry token configured: set "
						+ "beacon.registry.security.tokens[0].value and beacon.registry.security.tokens[0].roles, "
						+ "or set beacon.registry.security.enabled=false to run the API without tokens");
			}
			Set<String> names = new HashSet<>();
			Set<String> values = new HashSet<>();
			for (int i = 0; i < tokens.size(); i++) {
				Token token = tokens.get(i);
				token.check(i);
				if (!names.add(token.nameOr(i))) {
					throw new IllegalArgumentException("beacon.registry.security.tokens[" + i + "].name repeats '"
							+ token.nameOr(i) + "': each token needs a name of its own, for the audit log");
				}
				if (token.value() != null && !values.add(token.value())) {
					throw new IllegalArgumentException("beacon.registry.security.tokens[" + i + "].value repeats the "
							+ "value of an earlier token: each token needs a value of its own");
				}
			}
		}
		tokens = List.copyOf(tokens);
	}

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	public boolean isEnabled() {
		return this.enabled == null || this.enabled;
	}

	/**
	 * @param name Name of the token in the audit log and the metrics (never its value);
	 * {@code tokens[N]} when not set
	 * @param value Secret a client sends as {@code Authorization: Bearer <value>}
	 * @param roles What the token may do: {@code read}, {@code write} (which implies read)
	 * @param services The services whose instances the token may register, change and remove:
	 * names and patterns with {@code *} ({@code orders,orders-*}); every service when not set
	 * @param readServices The services the token may read and watch, as {@code services}; every
	 * service when not set
	 * @param clientCertificate Subject of a client certificate that stands for this token over
	 * mutual TLS ({@code CN=orders,O=Acme}, compared as X.500 names): a client presenting it, as
	 * verified by the server's TLS ({@code server.ssl.client-auth}), needs no bearer token; a
	 * token may have a value, a client certificate or both
	 */
	public record Token(@Nullable String name, @Nullable String value, @Nullable Set<Role> roles,
			@Nullable List<String> services, @Nullable List<String> readServices,
			@Nullable String clientCertificate) {

		void check(int index) {
			String property = "beacon.registry.security.tokens[" + index + "]";
			if ((this.value == null || this.value.isBlank()) && this.clientCertificate == null) {
				throw new IllegalArgumentException(property + ".value must not be empty (or give the token a "
						+ property + ".client-certificate instead)");
			}
			if (this.value != null && this.value.isBlank()) {
				throw new IllegalArgumentException(property + ".value must not be empty");
			}
			certificateSubject(index);
			if (this.roles == null || this.roles.isEmpty()) {
				throw new IllegalArgumentException(property + ".roles must name at least one of read, write");
			}
			if (this.name != null && !NAME.matcher(this.name).matches()) {
				throw new IllegalArgumentException(property + ".name must be 1 to 64 letters, digits, '.', '_' or '-'");
			}
			writeScope(index);
			readScope(index);
		}

		/**
		 * @return the subject of the client certificate that stands for this token, or {@code null}
		 */
		@Nullable X500Principal certificateSubject(int index) {
			if (this.clientCertificate == null) {
				return null;
			}
			try {
				return new X500Principal(this.clientCertificate);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("beacon.registry.security.tokens[" + index + "].client-certificate is "
						+ "no X.500 name such as CN=orders,O=Acme: " + ex.getMessage(), ex);
			}
		}

		String nameOr(int index) {
			return (this.name != null) ? this.name : "tokens[" + index + "]";
		}

		ServiceScope writeScope(int index) {
			return ServiceScope.of((this.services != null) ? this.services : List.of(),
					"beacon.registry.security.tokens[" + index + "].services");
		}

		ServiceScope readScope(int index) {
			return ServiceScope.of((this.readServices != null) ? this.readServices : List.of(),
					"beacon.registry.security.tokens[" + index + "].read-services");
		}

		@Override
		public String toString() {
			return "Token[name=" + this.name + ", value=******, roles=" + this.roles + ", services=" + this.services
					+ ", readServices=" + this.readServices + ", clientCertificate=" + this.clientCertificate + "]";
		}

	}

}

package dev.beacon.registry.security;

import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.Set;

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
			for (int i = 0; i < tokens.size(); i++) {
				tokens.get(i).check(i);
			}
		}
		tokens = List.copyOf(tokens);
	}

	public boolean isEnabled() {
		return this.enabled == null || this.enabled;
	}

	/**
	 * @param value Secret a client sends as {@code Authorization: Bearer <value>}
	 * @param roles What the token may do: {@code read}, {@code write} (which implies read)
	 */
	public record Token(@Nullable String value, @Nullable Set<Role> roles) {

		void check(int index) {
			String property = "beacon.registry.security.tokens[" + index + "]";
			if (this.value == null || this.value.isBlank()) {
				throw new IllegalArgumentException(property + ".value must not be empty");
			}
			if (this.roles == null || this.roles.isEmpty()) {
				throw new IllegalArgumentException(property + ".roles must name at least one of read, write");
			}
		}

		@Override
		public String toString() {
			return "Token[value=******, roles=" + this.roles + "]";
		}

	}

}

package dev.beacon.registry.ui;

import java.net.URI;
import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

import dev.beacon.registry.RegistryProperties;
import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.SessionCredentials;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The dashboard: its files from the jar under {@code /ui/}, its sessions in Redis, and the
 * session cookie as credentials of the {@code /v1} API.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "beacon.registry.ui.enabled", matchIfMissing = true)
class UiConfiguration {

	@Bean
	SessionStore dashboardSessions(ReactiveStringRedisTemplate redis, RegistryProperties registry,
			UiProperties properties) {
		return new SessionStore(redis, registry.keyPrefix(), properties, Clock.systemUTC());
	}

	@Bean
	SessionCredentials dashboardSessionCredentials(SessionStore sessions, ApiAccess access) {
		return new CookieSessionCredentials(sessions, access);
	}

	@Bean
	SignInLimiter signInLimiter(UiProperties properties) {
		return new SignInLimiter(properties.signInAttempts(), Ticker.systemTicker());
	}

	@Bean
	WebFilter dashboardHeaders() {
		return new DashboardHeaders();
	}

	@Bean
	WebFilter dashboardReadToEndFirst() {
		return new ReadToEndFirst();
	}

	/**
	 * {@code /ui} leads to {@code /ui/}, where the page's relative links resolve; the files
	 * come from the jar's {@code ui/} folder.
	 */
	@Bean
	RouterFunction<ServerResponse> dashboardRoutes() {
		Resource files = new ClassPathResource("ui/");
		Resource index = new ClassPathResource("ui/index.html");
		return RouterFunctions.route(GET("/ui"), (request) -> ServerResponse.status(HttpStatus.FOUND)
			.location(URI.create("ui/"))
			.build())
			.andRoute(GET("/ui/"),
					(request) -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(index))
			.and(RouterFunctions.resources("/ui/**", files));
	}

}

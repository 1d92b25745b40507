package dev.beacon.registry.ui;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.beacon.registry.security.ApiAccess;
import dev.beacon.registry.security.Caller;
import dev.beacon.registry.web.ApiProblems;

/**
 * The dashboard's session: what it is ({@code GET}), a sign-in that exchanges a registry token
 * for one ({@code POST}), and a sign-out that ends it on every server ({@code DELETE}).
 */
@RestController
@ConditionalOnBooleanProperty(name = "beacon.registry.ui.enabled", matchIfMissing = true)
@RequestMapping("/ui/api/session")
class SessionController {

	private static final String RETRY_AFTER = Long.toString(SignInLimiter.WINDOW.toSeconds());

	private final SessionStore sessions;

	private final ApiAccess access;

	private final SignInLimiter limiter;

	SessionController(SessionStore sessions, ApiAccess access, SignInLimiter limiter) {
		this.sessions = sessions;
		this.access = access;
		this.limiter = limiter;
	}

	@GetMapping
	Mono<ResponseEntity<Object>> current(ServerHttpRequest request) {
		String id = SessionCookie.read(request);
		ResponseEntity<Object> none = ResponseEntity.ok()
			.header(HttpHeaders.SET_COOKIE, SessionCookie.cleared(request).toString())
			.body(DashboardSession.none(this.access));
		if (id == null) {
			return Mono.just(ResponseEntity.ok().<Object>body(DashboardSession.none(this.access)));
		}
		return this.sessions.find(id).<ResponseEntity<Object>>mapNotNull((session) -> {
			Caller caller = this.access.callerOfDigest(session.tokenDigest());
			return (caller != null) ? ResponseEntity.ok().<Object>body(DashboardSession.of(caller, session.csrf())) : null;
		}).defaultIfEmpty(none);
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Object>> signIn(@RequestBody SignIn body, ServerHttpRequest request) {
		String foreign = CrossSiteRequests.foreignOrigin(request);
		if (foreign != null) {
			return Mono.just(problem(HttpStatus.FORBIDDEN, foreign, null, request));
		}
		if (!this.access.isEnabled()) {
			return Mono.just(problem(HttpStatus.CONFLICT,
					"This registry runs without tokens: the dashboard needs no sign-in", null, request));
		}
		if (!this.limiter.allows(request)) {
			// a minute, not the API's few seconds: the count holds for a minute from the first wrong token
			return Mono.just(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.<Object>body(ApiProblems.problem(HttpStatus.TOO_MANY_REQUESTS,
						"Too many wrong tokens from this address: try again in a minute", null,
						request.getPath().value())));
		}
		ApiAccess.Presented presented = (body.token() != null) ? this.access.present(body.token().strip()) : null;
		if (presented == null) {
			this.limiter.failed(request);
			return Mono.just(problem(HttpStatus.UNAUTHORIZED,
					"This registry accepts no such token: check it and try again", "token", request));
		}
		return this.sessions.open(presented.digest())
			.map((opened) -> ResponseEntity.ok()
				.header(HttpHeaders.SET_COOKIE,
						SessionCookie.of(opened.id(), this.sessions.lifetime(), request).toString())
				.<Object>body(DashboardSession.of(presented.caller(), opened.session().csrf())));
	}

	@DeleteMapping
	Mono<ResponseEntity<Object>> signOut(ServerHttpRequest request) {
		String id = SessionCookie.read(request);
		ResponseEntity<Object> signedOut = ResponseEntity.noContent()
			.header(HttpHeaders.SET_COOKIE, SessionCookie.cleared(request).toString())
			.build();
		if (id == null) {
			return Mono.just(signedOut);
		}
		return this.sessions.find(id).flatMap((session) -> {
			String refusal = CrossSiteRequests.refusal(request, session);
			return (refusal != null) ? Mono.just(problem(HttpStatus.FORBIDDEN, refusal, null, request))
					: this.sessions.close(id).thenReturn(signedOut);
		}).defaultIfEmpty(signedOut);
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String detail, @Nullable String field,
			ServerHttpRequest request) {
		return UiProblems.answer(ApiProblems.problem(status, detail, field, request.getPath().value()));
	}

}

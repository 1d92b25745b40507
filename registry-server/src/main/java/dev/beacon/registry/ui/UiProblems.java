package dev.beacon.registry.ui;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.beacon.registry.web.ApiProblems;

/**
 * The dashboard's calls refuse as the API does: a problem document with its headers.
 */
final class UiProblems {

	private UiProblems() {
	}

	static ResponseEntity<Object> answer(ProblemDetail problem) {
		HttpStatus status = HttpStatus.valueOf(problem.getStatus());
		return ResponseEntity.status(status)
			.headers(ApiProblems.headers(status))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

}

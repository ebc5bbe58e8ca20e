package dev.jobs.core.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.InvalidJobPayloadException.FieldError;
import dev.jobs.core.InvalidWorkflowException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

/**
 * The checks every path that creates several jobs at once makes before anything is written (a bulk submission, a
 * batch's members and callbacks, a workflow's steps), each job named where the request put it
 * ({@code jobs[3]}, {@code members[3]}, {@code callbacks.onSuccess}, {@code steps[2]}): the body's constraints, keys
 * and types, the submit roles of every job's type, dependencies the caller may see, and one key meaning one job.
 * Every problem of a kind is listed, so a client fixes its request in one go.
 */
class SubmissionChecks {

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:\\-]{1,200}");

	/** A map's key in a property path ({@code callbacks[onSuccess]}), written as a field ({@code callbacks.onSuccess}). */
	private static final Pattern MAP_KEY = Pattern.compile("\\[([^\\]0-9][^\\]]*)\\]");

	static final String KEY_RULE = "must be 1 to 200 characters of letters, digits and . _ : -";

	/** What a dependency the caller may not see is called: the same as one that does not exist. */
	static final String UNKNOWN_DEPENDENCY = "is not a known job";

	private final JobAccess access;

	private final Validator validator;

	SubmissionChecks(JobAccess access, Validator validator) {
		this.access = access;
		this.validator = validator;
	}

	/**
	 * One job of a request, as the checks see it.
	 * @param at where the request put it, e.g. {@code members[3]}; its fields are named {@code at.field}
	 */
	record Entry(String at, String type, JsonNode payload, String idempotencyKey, List<UUID> dependsOn) {

		Entry {
			dependsOn = (dependsOn != null) ? dependsOn : List.of();
		}

	}

	static boolean validKey(String key) {
		return KEY.matcher(key).matches();
	}

	/** The body's constraints, checked once the caller is known; every violation named ({@code jobs[3].type}). */
	<T> void validate(T request) {
		List<FieldError> errors = new ArrayList<>();
		for (ConstraintViolation<T> violation : validator.validate(request)) {
			String field = MAP_KEY.matcher(violation.getPropertyPath()
				.toString()
				.replace(".<list element>", "")
				.replace(".<map value>", "")).replaceAll(".$1");
			errors.add(new FieldError(field, violation.getMessage()));
		}
		if (!errors.isEmpty()) {
			errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::reason));
			throw invalid(errors);
		}
	}

	/**
	 * Everything that can be decided before the engine is asked: keys and types (400), roles (403), dependencies
	 * (400) and keys repeated with another job (422), in that order, so a caller who may not submit a type learns
	 * nothing about the jobs it names.
	 */
	void check(List<Entry> entries, HttpServletRequest http) {
		checkKeysAndTypes(entries);
		checkRoles(entries, http);
		checkDependencies(entries, http);
		checkRepeatedKeys(entries);
	}

	private void checkKeysAndTypes(List<Entry> entries) {
		List<FieldError> errors = new ArrayList<>();
		for (Entry entry : entries) {
			if (entry.idempotencyKey() != null && !validKey(entry.idempotencyKey())) {
				errors.add(new FieldError(entry.at() + ".idempotencyKey", KEY_RULE));
			}
			if (!access.isRegistered(entry.type())) {
				errors.add(new FieldError(entry.at() + ".type", "is not a registered job type"));
			}
		}
		if (!errors.isEmpty()) {
			throw invalid(errors);
		}
	}

	/** The same submit roles per job's type as POST /api/jobs; a refusal names the jobs. */
	private void checkRoles(List<Entry> entries, HttpServletRequest http) {
		Map<String, String> refusals = new HashMap<>();
		List<FieldError> errors = new ArrayList<>();
		for (Entry entry : entries) {
			String refusal = refusals.computeIfAbsent(entry.type(), t -> {
				try {
					access.requireMaySubmit(t, http);
					return "";
				}
				catch (ForbiddenException ex) {
					return ex.getMessage();
				}
			});
			if (!refusal.isEmpty()) {
				errors.add(new FieldError(entry.at() + ".type", refusal));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidItemsException(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
					"Your roles may not submit some of these jobs: " + errors, errors);
		}
	}

	/**
	 * A job may wait only for jobs its submitter may see: someone else's job is refused exactly as one that does
	 * not exist, so a dependency cannot be used to probe for other people's jobs.
	 */
	private void checkDependencies(List<Entry> entries, HttpServletRequest http) {
		Map<UUID, Boolean> visible = new HashMap<>();
		List<FieldError> errors = new ArrayList<>();
		for (Entry entry : entries) {
			for (int j = 0; j < entry.dependsOn().size(); j++) {
				UUID id = entry.dependsOn().get(j);
				if (id == null) {
					errors.add(new FieldError(entry.at() + ".dependsOn[" + j + "]", "must be a job's id"));
					continue;
				}
				if (!visible.computeIfAbsent(id, dependency -> access.isVisible(dependency, http))) {
					errors.add(new FieldError(entry.at() + ".dependsOn[" + j + "]", UNKNOWN_DEPENDENCY));
				}
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidItemsException(HttpStatus.BAD_REQUEST, "invalid-workflow", "Invalid dependencies",
					"Some jobs depend on jobs that are not known: " + errors, errors);
		}
	}

	/** One key twice in a request must mean the same job; otherwise the later entry is named. */
	private static void checkRepeatedKeys(List<Entry> entries) {
		Map<String, Entry> firstWithKey = new HashMap<>();
		List<FieldError> errors = new ArrayList<>();
		for (Entry entry : entries) {
			if (entry.idempotencyKey() == null) {
				continue;
			}
			Entry earlier = firstWithKey.putIfAbsent(entry.idempotencyKey(), entry);
			if (earlier != null && (!Objects.equals(earlier.type(), entry.type())
					|| !Objects.equals(earlier.payload(), entry.payload()))) {
				errors.add(new FieldError(entry.at() + ".idempotencyKey",
						"repeats the key of " + earlier.at() + " with another type or payload"));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidItemsException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-conflict",
					"Idempotency key reused", "Items reuse an idempotency key for a different job: " + errors,
					errors);
		}
	}

	/** A key used by an earlier submission with another type or payload: named as the entry that reused it. */
	static InvalidItemsException keyConflict(List<Entry> entries, IdempotencyConflictException ex) {
		List<FieldError> errors = new ArrayList<>();
		for (Entry entry : entries) {
			if (Objects.equals(entry.idempotencyKey(), ex.key())) {
				errors.add(new FieldError(entry.at() + ".idempotencyKey",
						"was used for job " + ex.existingJobId() + " with a different type or payload"));
			}
		}
		return new InvalidItemsException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-conflict",
				"Idempotency key reused", ex.getMessage(), errors);
	}

	/** The engine's payload errors with their fields renamed as the request names them. */
	static InvalidJobPayloadException renamed(InvalidJobPayloadException ex, UnaryOperator<String> rename) {
		List<FieldError> errors = ex.errors()
			.stream()
			.map(e -> new FieldError(rename.apply(e.field()), e.reason()))
			.toList();
		return new RenamedPayloadException(ex, errors);
	}

	/** The engine's workflow error with its field renamed as the request names it. */
	static InvalidWorkflowException renamed(InvalidWorkflowException ex, UnaryOperator<String> rename) {
		String field = rename.apply(ex.field());
		if (field.equals(ex.field())) {
			return ex;
		}
		InvalidWorkflowException renamed = new InvalidWorkflowException(field, ex.reason());
		renamed.initCause(ex);
		return renamed;
	}

	private static InvalidItemsException invalid(List<FieldError> errors) {
		return new InvalidItemsException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request has invalid fields: " + errors, errors);
	}

	/** An {@link InvalidJobPayloadException} whose fields are the request's names; its message says so too. */
	private static final class RenamedPayloadException extends InvalidJobPayloadException {

		RenamedPayloadException(InvalidJobPayloadException cause, List<FieldError> errors) {
			super(typeOf(cause), errors);
			initCause(cause);
		}

		private static String typeOf(InvalidJobPayloadException ex) {
			String message = ex.getMessage();
			String prefix = "Invalid payload for job type ";
			int colon = message.indexOf(": ");
			return (message.startsWith(prefix) && colon > prefix.length()) ? message.substring(prefix.length(), colon)
					: "?";
		}

	}

}

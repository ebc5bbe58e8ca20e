package dev.jobs.core.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.InvalidJobPayloadException.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns what a caller submits into a handler's payload and back into the JSON stored on the job.
 *
 * <p>Binding is strict: an unknown field is an error, not silently dropped, because a misspelt
 * filter that is ignored produces a wrong export without anyone noticing.
 */
public class Payloads {

	private final JsonMapper mapper;

	private final JsonMapper strictMapper;

	private final Validator validator;

	public Payloads(JsonMapper mapper, Validator validator) {
		this.mapper = mapper;
		this.strictMapper = mapper.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			// A primitive left out takes its default (0, false), as in Java; use a wrapper and
			// @NotNull for a field that must be given.
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
		this.validator = validator;
	}

	/**
	 * Binds and validates a payload for a type.
	 * @param payload an instance of the payload class, a JSON tree, a map, or {@code null} for an
	 * empty object
	 * @throws InvalidJobPayloadException naming each offending field
	 */
	public <P> P bind(String type, Class<P> payloadType, Object payload) {
		P bound;
		if (payloadType.isInstance(payload)) {
			bound = payloadType.cast(payload);
		}
		else {
			try {
				JsonNode tree = (payload == null) ? mapper.createObjectNode()
						: (payload instanceof JsonNode node) ? node : mapper.valueToTree(payload);
				if (tree.isNull()) {
					tree = mapper.createObjectNode();
				}
				bound = strictMapper.treeToValue(tree, payloadType);
			}
			catch (JacksonException ex) {
				throw new InvalidJobPayloadException(type, List.of(describe(ex)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidJobPayloadException(type, List.of(new FieldError("payload", rootMessage(ex))));
			}
		}
		if (bound == null) {
			throw new InvalidJobPayloadException(type, List.of(new FieldError("payload", "must not be null")));
		}
		Set<ConstraintViolation<P>> violations = validator.validate(bound);
		if (!violations.isEmpty()) {
			List<FieldError> errors = new ArrayList<>();
			violations.forEach(v -> errors.add(new FieldError(path(v.getPropertyPath().toString()), v.getMessage())));
			errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::reason));
			throw new InvalidJobPayloadException(type, errors);
		}
		return bound;
	}

	/** The JSON stored on the job: the bound payload written back, so stored payloads are normalised. */
	public String toJson(Object payload) {
		return mapper.writeValueAsString(payload);
	}

	public JsonNode readTree(String json) {
		return (json != null) ? mapper.readTree(json) : null;
	}

	public String writeResult(Object result) {
		return (result != null) ? mapper.writeValueAsString(result) : null;
	}

	private static FieldError describe(JacksonException ex) {
		StringBuilder path = new StringBuilder("payload");
		for (JacksonException.Reference ref : ex.getPath()) {
			if (ref.getPropertyName() != null) {
				path.append('.').append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				path.append('[').append(ref.getIndex()).append(']');
			}
		}
		String reason;
		if (ex instanceof UnrecognizedPropertyException) {
			reason = "is not a field of this job type's payload";
		}
		else if (ex instanceof InvalidFormatException invalid) {
			reason = "has an invalid value '" + invalid.getValue() + "' (expected " + simpleName(invalid.getTargetType())
					+ ")";
		}
		else if (ex instanceof MismatchedInputException mismatched) {
			reason = "has the wrong type (expected " + simpleName(mismatched.getTargetType()) + ")";
		}
		else {
			reason = "cannot be read: " + ex.getOriginalMessage();
		}
		return new FieldError(path.toString(), reason);
	}

	private static String simpleName(Class<?> type) {
		if (type == null) {
			return "another type";
		}
		if (type.isEnum()) {
			Object[] constants = type.getEnumConstants();
			return "one of " + java.util.Arrays.toString(constants);
		}
		return type.getSimpleName();
	}

	private static String path(String propertyPath) {
		return propertyPath.isEmpty() ? "payload" : "payload." + propertyPath;
	}

	private static String rootMessage(Throwable ex) {
		Throwable t = ex;
		while (t.getCause() != null) {
			t = t.getCause();
		}
		return t.getMessage();
	}

}

package dev.jobs.core.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A JSON Schema (draft 2020-12 subset) of a payload class, read from its record components or
 * fields and their Bean Validation constraints, so callers of {@code GET /api/job-types} see what
 * a type accepts.
 */
final class PayloadSchemas {

	private PayloadSchemas() {
	}

	static Map<String, Object> of(Class<?> type) {
		Map<String, Object> schema = describe(type, type, new ArrayList<>());
		schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		return schema;
	}

	private static Map<String, Object> describe(Class<?> raw, Type generic, List<Class<?>> seen) {
		Map<String, Object> s = new LinkedHashMap<>();
		if (raw == String.class || raw == char.class || raw == Character.class) {
			s.put("type", "string");
		}
		else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
				|| raw == short.class || raw == Short.class || raw == byte.class || raw == Byte.class
				|| raw == BigInteger.class) {
			s.put("type", "integer");
		}
		else if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class
				|| raw == BigDecimal.class) {
			s.put("type", "number");
		}
		else if (raw == boolean.class || raw == Boolean.class) {
			s.put("type", "boolean");
		}
		else if (raw.isEnum()) {
			s.put("type", "string");
			s.put("enum", Arrays.stream(raw.getEnumConstants()).map(Object::toString).toList());
		}
		else if (raw == LocalDate.class) {
			s.put("type", "string");
			s.put("format", "date");
		}
		else if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class
				|| raw == LocalDateTime.class) {
			s.put("type", "string");
			s.put("format", "date-time");
		}
		else if (raw == LocalTime.class) {
			s.put("type", "string");
			s.put("format", "time");
		}
		else if (raw == Duration.class) {
			s.put("type", "string");
			s.put("format", "duration");
		}
		else if (raw == UUID.class) {
			s.put("type", "string");
			s.put("format", "uuid");
		}
		else if (raw.isArray() || Collection.class.isAssignableFrom(raw)) {
			s.put("type", "array");
			Class<?> item = raw.isArray() ? raw.getComponentType() : typeArgument(generic, 0);
			s.put("items", describe(item, item, seen));
		}
		else if (Map.class.isAssignableFrom(raw)) {
			s.put("type", "object");
		}
		else if (seen.contains(raw)) {
			s.put("type", "object"); // a recursive structure: stop here
		}
		else {
			seen.add(raw);
			s.put("type", "object");
			Map<String, Object> properties = new LinkedHashMap<>();
			List<String> required = new ArrayList<>();
			for (Field field : fields(raw)) {
				Map<String, Object> property = describe(field.getType(), field.getGenericType(), seen);
				applyConstraints(field.getAnnotations(), property, required, field.getName());
				properties.put(field.getName(), property);
			}
			s.put("properties", properties);
			if (!required.isEmpty()) {
				s.put("required", required);
			}
			s.put("additionalProperties", false);
			seen.remove(raw);
		}
		return s;
	}

	private static List<Field> fields(Class<?> type) {
		List<Field> fields = new ArrayList<>();
		if (type.isRecord()) {
			for (RecordComponent component : type.getRecordComponents()) {
				try {
					fields.add(type.getDeclaredField(component.getName()));
				}
				catch (NoSuchFieldException ex) {
					throw new IllegalStateException(ex);
				}
			}
			return fields;
		}
		for (Field field : type.getDeclaredFields()) {
			if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
				fields.add(field);
			}
		}
		return fields;
	}

	private static Class<?> typeArgument(Type generic, int index) {
		if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length > index
				&& p.getActualTypeArguments()[index] instanceof Class<?> c) {
			return c;
		}
		return Object.class;
	}

	private static void applyConstraints(Annotation[] annotations, Map<String, Object> p, List<String> required,
			String name) {
		boolean isString = "string".equals(p.get("type"));
		for (Annotation a : annotations) {
			if (a instanceof NotNull) {
				required.add(name);
			}
			else if (a instanceof NotBlank) {
				required.add(name);
				p.put("minLength", 1);
			}
			else if (a instanceof NotEmpty) {
				required.add(name);
				p.put(isString ? "minLength" : "minItems", 1);
			}
			else if (a instanceof Min min) {
				p.put("minimum", min.value());
			}
			else if (a instanceof Max max) {
				p.put("maximum", max.value());
			}
			else if (a instanceof DecimalMin min) {
				p.put("minimum", new BigDecimal(min.value()));
			}
			else if (a instanceof DecimalMax max) {
				p.put("maximum", new BigDecimal(max.value()));
			}
			else if (a instanceof Positive) {
				p.put("exclusiveMinimum", 0);
			}
			else if (a instanceof PositiveOrZero) {
				p.put("minimum", 0);
			}
			else if (a instanceof Size size) {
				if (size.min() > 0) {
					p.put(isString ? "minLength" : "minItems", size.min());
				}
				if (size.max() < Integer.MAX_VALUE) {
					p.put(isString ? "maxLength" : "maxItems", size.max());
				}
			}
			else if (a instanceof Pattern pattern) {
				p.put("pattern", pattern.regexp());
			}
			else if (a instanceof Email) {
				p.put("format", "email");
			}
		}
	}


}

package dev.jobs.types.operationlog;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobs.core.operationlog.LogDiff;
import dev.jobs.types.operationlog.OperationLogEntry.Change;

import org.springframework.util.ReflectionUtils;

/** The changes between two states of an object, over the fields marked {@link LogDiff}. */
final class Diffs {

	private record Marked(Field field, String label) {
	}

	private static final Map<Class<?>, List<Marked>> FIELDS = new ConcurrentHashMap<>();

	private Diffs() {
	}

	static List<Change> between(Object before, Object after) {
		Object sample = (before != null) ? before : after;
		if (sample == null) {
			return List.of();
		}
		List<Change> changes = new ArrayList<>();
		for (Marked marked : marked(sample.getClass())) {
			Object was = read(marked.field(), before);
			Object is = read(marked.field(), after);
			if (!Objects.equals(was, is)) {
				boolean secret = Secrets.isSecret(marked.field().getName()) || Secrets.isSecret(marked.label());
				changes.add(new Change(marked.label(), secret ? Secrets.MASK : String.valueOf(was),
						secret ? Secrets.MASK : String.valueOf(is)));
			}
		}
		return changes;
	}

	static String render(List<Change> changes) {
		if (changes.isEmpty()) {
			return "no changes";
		}
		StringBuilder text = new StringBuilder();
		for (Change change : changes) {
			if (!text.isEmpty()) {
				text.append(", ");
			}
			text.append(change);
		}
		return text.toString();
	}

	private static Object read(Field field, Object target) {
		if (target == null || !field.getDeclaringClass().isInstance(target)) {
			return null;
		}
		return ReflectionUtils.getField(field, target);
	}

	private static List<Marked> marked(Class<?> type) {
		return FIELDS.computeIfAbsent(type, t -> {
			List<Marked> found = new ArrayList<>();
			ReflectionUtils.doWithFields(t, field -> {
				LogDiff mark = field.getAnnotation(LogDiff.class);
				if (mark != null) {
					ReflectionUtils.makeAccessible(field);
					found.add(new Marked(field, mark.value().isEmpty() ? field.getName() : mark.value()));
				}
			});
			return List.copyOf(found);
		});
	}

}

package dev.jobs.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job type's name and payload class, declared once as a constant and shared by its handler, its
 * callers and its configuration:
 *
 * <pre>{@code
 * public static final JobType<DepartmentReportPayload> TYPE =
 *         JobType.of("DEPARTMENT_REPORT", DepartmentReportPayload.class);
 *
 * jobClient.submit(TYPE, new DepartmentReportPayload("R&D"));   // compiles only with that payload
 * }</pre>
 *
 * The name becomes the queue name and the key of its settings ({@code jobs.types.<NAME>.*}): upper
 * case letters, digits and underscores, starting with a letter.
 *
 * @param <P> the payload class
 */
public final class JobType<P> {

	private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

	private final String name;

	private final Class<P> payloadType;

	private JobType(String name, Class<P> payloadType) {
		this.name = name;
		this.payloadType = payloadType;
	}

	/**
	 * @throws IllegalArgumentException if the name is not a valid type name or the class is missing
	 */
	public static <P> JobType<P> of(String name, Class<P> payloadType) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Job type name '" + name + "' must match " + NAME.pattern()
					+ " (upper case letters, digits and underscores, e.g. EMPLOYEE_EXPORT)");
		}
		if (payloadType == null) {
			throw new IllegalArgumentException("Job type " + name + " needs a payload class (a record)");
		}
		return new JobType<>(name, payloadType);
	}

	/** Whether {@code name} is a valid type name. */
	public static boolean isValidName(String name) {
		return name != null && NAME.matcher(name).matches();
	}

	static String namePattern() {
		return NAME.pattern();
	}

	public String name() {
		return name;
	}

	public Class<P> payloadType() {
		return payloadType;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof JobType<?> that && name.equals(that.name) && payloadType.equals(that.payloadType);
	}

	@Override
	public int hashCode() {
		return Objects.hash(name, payloadType);
	}

	@Override
	public String toString() {
		return name;
	}

}

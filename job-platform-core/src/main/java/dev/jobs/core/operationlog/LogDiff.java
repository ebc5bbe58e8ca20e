package dev.jobs.core.operationlog;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field (or record component) whose change an {@link OperationLog} with a
 * {@link OperationLog#before() before} expression records, e.g. {@code salary: 12000 → 13500}.
 * Unmarked fields are never compared.
 */
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LogDiff {

	/** The name shown in the diff; default the field's name. */
	String value() default "";

}

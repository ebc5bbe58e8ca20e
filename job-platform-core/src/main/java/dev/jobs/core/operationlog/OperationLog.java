package dev.jobs.core.operationlog;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records who did what: every call of the annotated method becomes one entry of the operation log
 * (user, action, target, rendered message, outcome, duration, client IP, user agent, HTTP method and
 * path, correlation id, time). The annotation has no behaviour of its own; with the {@code job-types}
 * module on the classpath the call is recorded and delivered as an {@code OPERATION_LOG} message,
 * without a database write or a wait on the broker on the caller's thread. See
 * {@code docs/OPERATION-LOG.md}.
 *
 * <p>Expressions are SpEL over the method's arguments by name ({@code #id}, {@code #cmd.department}).
 * Messages are templates: text with {@code #{...}} expressions. After the call, {@code #result} is the
 * returned value; in {@link #fail()} {@code #error} is the exception and {@code #errorMessage} its
 * message; {@code #diff} is the rendered before/after difference when {@link #before()} is set.
 * Functions that teams register as {@code OperationLogFunction} beans are called as {@code #name(arg)}.
 * Values of fields and arguments named like secrets (password, token, secret, ...) render masked.
 *
 * <pre>
 * &#64;OperationLog(action = "EMPLOYEE_UPDATE", target = "#id",
 *         success = "changed #{#cmd.name}'s department to #{#deptName(#cmd.departmentId)}",
 *         fail = "could not change employee #{#id}: #{#errorMessage}")
 * </pre>
 *
 * An expression that does not parse, or a function nobody registered, stops the application at
 * start-up with a message naming the method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OperationLog {

	/** What was done, e.g. {@code EMPLOYEE_UPDATE}: a stable name to filter by. */
	String action();

	/** SpEL expression naming what it was done to, e.g. {@code #id}; empty for none. */
	String target() default "";

	/** Message template recorded when the method returns. */
	String success();

	/** Message template recorded when the method throws; empty: the exception's type and message. */
	String fail() default "";

	/** SpEL condition, evaluated after the call; the call is recorded only when it is true. Empty: always. */
	String condition() default "";

	/** Whether to record the arguments (as JSON, secrets masked). Off by default: arguments can be large. */
	boolean recordArguments() default false;

	/**
	 * SpEL expression evaluated <em>before</em> the call giving the object's state before the change,
	 * e.g. {@code @employees.find(#id)}; with it, the fields marked {@link LogDiff} are compared with
	 * {@link #after()} and recorded as {@code salary: 12000 → 13500}.
	 */
	String before() default "";

	/** SpEL expression evaluated after the call giving the state after the change; default {@code #result}. */
	String after() default "";

}

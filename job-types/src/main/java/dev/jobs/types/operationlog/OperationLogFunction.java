package dev.jobs.types.operationlog;

/**
 * A function that {@code @OperationLog} templates call as {@code #name(argument)}, e.g. to turn a
 * department id into its name: {@code "moved to #{#departmentName(#cmd.departmentId)}"}. Declare it
 * as a bean; a template naming a function no bean provides stops the start-up.
 */
public interface OperationLogFunction {

	/** The name templates call it by: a Java identifier. */
	String name();

	/** The value for one argument; runs on the request's thread, so keep it fast (cache lookups). */
	Object apply(Object argument);

}

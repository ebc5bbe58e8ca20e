package dev.jobs.app.operationlog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobs.core.operationlog.LogDiff;
import dev.jobs.core.operationlog.OperationLog;
import dev.jobs.types.operationlog.OperationLogFunction;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Annotated methods for the operation log tests: a service with a before/after diff, functions,
 * secrets, a failing method, broken templates and a condition. Part of every test context (it is
 * scanned), harmless where unused.
 */
@Component
public class OperationLogProbe {

	public record Employee(String id, String name, @LogDiff int salary, @LogDiff String department, String note) {
	}

	public record Change(String name, int salary, String department, String password) {
	}

	private final Map<String, Employee> employees = new ConcurrentHashMap<>();

	public void hire(Employee employee) {
		employees.put(employee.id(), employee);
	}

	public Employee current(String id) {
		return employees.get(id);
	}

	@OperationLog(action = "PROBE_UPDATE", target = "#id", before = "@operationLogProbe.current(#id)",
			success = "updated #{#cmd.name}: #{#diff}; in #{#departmentName(#cmd.department)}; password #{#cmd.password}",
			recordArguments = true)
	public Employee update(String id, Change cmd) {
		Employee updated = new Employee(id, cmd.name(), cmd.salary(), cmd.department(), "changed");
		employees.put(id, updated);
		return updated;
	}

	@OperationLog(action = "PROBE_FAIL", target = "#id", success = "did #{#id}",
			fail = "could not do #{#id}: #{#errorMessage}")
	public void fail(String id) {
		throw new IllegalStateException("the business rule said no");
	}

	/** The template meets a null at run time: the entry says so, the call is unaffected. */
	@OperationLog(action = "PROBE_BROKEN_TEMPLATE", target = "#id", success = "length #{#cmd.department.length()}")
	public String brokenTemplate(String id, Change cmd) {
		return "done " + id;
	}

	/** The function throws: the entry says so, the call is unaffected. */
	@OperationLog(action = "PROBE_BROKEN_FUNCTION", target = "#explode(#id)", success = "did #{#id}")
	public String brokenFunction(String id) {
		return "done " + id;
	}

	@OperationLog(action = "PROBE_CONDITIONAL", target = "#id", condition = "#result", success = "recorded #{#id}")
	public boolean conditional(String id, boolean record) {
		return record;
	}

	@OperationLog(action = "PROBE_TOUCH", target = "#run + '-' + #i", success = "touch #{#i}")
	public int touch(String run, int i) {
		return i;
	}

	/** Functions the probe's templates call. */
	@Configuration(proxyBeanMethods = false)
	static class Functions {

		@Bean
		OperationLogFunction departmentNameFunction() {
			return new OperationLogFunction() {
				@Override
				public String name() {
					return "departmentName";
				}

				@Override
				public Object apply(Object argument) {
					return "Department " + argument;
				}
			};
		}

		@Bean
		OperationLogFunction explodingFunction() {
			return new OperationLogFunction() {
				@Override
				public String name() {
					return "explode";
				}

				@Override
				public Object apply(Object argument) {
					throw new IllegalArgumentException("the function failed on " + argument);
				}
			};
		}

	}

}

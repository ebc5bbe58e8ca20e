package dev.jobs.types.operationlog;

import java.lang.reflect.Method;
import java.util.List;

import dev.jobs.core.operationlog.LogDiff;
import dev.jobs.core.operationlog.OperationLog;
import dev.jobs.types.operationlog.OperationLogEntry.Change;
import dev.jobs.types.operationlog.OperationTemplates.Compiled;
import org.junit.jupiter.api.Test;

import org.springframework.expression.EvaluationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OperationTemplatesTest {

	record Command(String name, String department, String password) {
	}

	record Employee(String name, @LogDiff int salary, @LogDiff("dept") String department, @LogDiff String apiToken,
			String notes) {
	}

	static class Samples {

		@OperationLog(action = "EMPLOYEE_UPDATE", target = "#id",
				success = "changed #{#cmd.name}'s department to #{#deptName(#cmd.department)} (password #{#cmd.password}, #{#password})")
		void update(long id, Command cmd, String password) {
		}

		@OperationLog(action = "BROKEN", success = "oops #{#cmd.name")
		void unparsable(Command cmd) {
		}

		@OperationLog(action = "UNKNOWN_FUNCTION", success = "#{#nobodyRegisteredThis(#cmd)}")
		void unknownFunction(Command cmd) {
		}

		@OperationLog(action = "UNKNOWN_VARIABLE", target = "#identifier", success = "done")
		void unknownVariable(long id) {
		}

		@OperationLog(action = "BAD_CONDITION", condition = "#result ==", success = "done")
		void badCondition() {
		}

		@OperationLog(action = "SCHEDULE_AT", target = "#at", success = "next firing at #{#at}")
		void scheduleAt(java.time.Instant at, Command cmd) {
		}

		@OperationLog(action = "SCHEDULE_WITH", success = "run #{#cmd}")
		void scheduleWith(Command cmd) {
		}

	}

	private final OperationTemplates templates = new OperationTemplates(List.of(new OperationLogFunction() {
		@Override
		public String name() {
			return "deptName";
		}

		@Override
		public Object apply(Object argument) {
			return "Department " + argument;
		}
	}), null);

	private static Method method(String name) {
		for (Method method : Samples.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	@Test
	void rendersArgumentsAndFunctionsAndMasksSecrets() {
		Compiled compiled = templates.forMethod(method("update"));
		EvaluationContext context = templates.context(compiled,
				new Object[] { 42L, new Command("Li Lei", "D7", "hunter2"), "s3cret" });
		assertThat(compiled.success().getValue(context, String.class))
			.isEqualTo("changed Li Lei's department to Department D7 (password ******, ******)");
		assertThat(compiled.target().getValue(context, String.class)).isEqualTo("42");
	}

	@Test
	void timesRenderAsIsoText() {
		Compiled compiled = templates.forMethod(method("scheduleAt"));
		java.time.Instant at = java.time.Instant.parse("2026-12-07T00:00:00Z");
		EvaluationContext context = templates.context(compiled, new Object[] { at, new Command("Li Lei", "D7", "x") });
		assertThat(compiled.success().getValue(context, String.class)).isEqualTo("next firing at 2026-12-07T00:00:00Z");
		assertThat(compiled.target().getValue(context, String.class)).isEqualTo("2026-12-07T00:00:00Z");
	}

	@Test
	void aWholeObjectIsNotRenderedWithItsToStringWhichWouldShowItsSecrets() {
		Compiled compiled = templates.forMethod(method("scheduleWith"));
		EvaluationContext context = templates.context(compiled, new Object[] { new Command("Li Lei", "D7", "hunter2") });
		assertThatThrownBy(() -> compiled.success().getValue(context, String.class))
			.hasMessageNotContaining("hunter2");
	}

	@Test
	void templateThatDoesNotParseIsRefusedNamingTheMethod() {
		assertThatIllegalStateException().isThrownBy(() -> templates.forMethod(method("unparsable")))
			.withMessageContaining("Samples.unparsable(..)")
			.withMessageContaining("success")
			.withMessageContaining("does not parse");
	}

	@Test
	void functionNobodyRegisteredIsRefusedNamingTheMethodAndTheFunction() {
		assertThatIllegalStateException().isThrownBy(() -> templates.forMethod(method("unknownFunction")))
			.withMessageContaining("Samples.unknownFunction(..)")
			.withMessageContaining("#nobodyRegisteredThis")
			.withMessageContaining("[deptName]");
	}

	@Test
	void variableThatIsNoParameterIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> templates.forMethod(method("unknownVariable")))
			.withMessageContaining("Samples.unknownVariable(..)")
			.withMessageContaining("target")
			.withMessageContaining("#identifier");
	}

	@Test
	void conditionThatDoesNotParseIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> templates.forMethod(method("badCondition")))
			.withMessageContaining("Samples.badCondition(..)")
			.withMessageContaining("condition");
	}

	@Test
	void diffListsOnlyMarkedFieldsThatChangedAndMasksSecrets() {
		List<Change> changes = Diffs.between(new Employee("A", 12000, "Sales", "t1", "x"),
				new Employee("B", 13500, "Sales", "t2", "y"));
		assertThat(changes).containsExactly(new Change("salary", "12000", "13500"),
				new Change("apiToken", "******", "******"));
		assertThat(Diffs.render(changes)).isEqualTo("salary: 12000 → 13500, apiToken: ****** → ******");
		assertThat(Diffs.render(Diffs.between(new Employee("A", 1, "S", "t", "x"), new Employee("A", 1, "S", "t", "y"))))
			.isEqualTo("no changes");
	}

	@Test
	void secretNamesAreRecognisedInAnyCase() {
		assertThat(List.of("password", "newPassword", "API_KEY", "apiKey", "clientSecret", "accessToken"))
			.allMatch(Secrets::isSecret);
		assertThat(List.of("name", "department", "salary", "username")).noneMatch(Secrets::isSecret);
	}

}

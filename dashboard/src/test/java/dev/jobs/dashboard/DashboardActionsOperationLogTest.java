package dev.jobs.dashboard;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.JobAdmin.Action;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.JobAdmin.Redrive;
import dev.jobs.core.JobBrowser.JobSearch;
import dev.jobs.core.JobStatus;
import dev.jobs.core.operationlog.OperationLog;
import org.junit.jupiter.api.Test;

import org.springframework.expression.Expression;
import org.springframework.expression.ParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dashboard action is an operation log entry: each public action method of
 * {@link DashboardActions} carries {@link OperationLog} with its own action name, and its target and
 * messages render the job id or the filter and the counts of the result.
 */
class DashboardActionsOperationLogTest {

	private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static List<Method> actionMethods() {
		return Arrays.stream(DashboardActions.class.getDeclaredMethods())
			.filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
			.toList();
	}

	@Test
	void everyActionMethodIsRecordedUnderItsOwnActionName() {
		Set<String> names = new HashSet<>();
		for (Method method : actionMethods()) {
			OperationLog log = method.getAnnotation(OperationLog.class);
			assertThat(log).as(method.getName() + " must be recorded").isNotNull();
			assertThat(log.action()).startsWith("DASHBOARD_");
			assertThat(log.target()).as(method.getName()).isNotEmpty();
			assertThat(log.fail()).as(method.getName()).isNotEmpty();
			assertThat(names.add(log.action())).as("action name used twice: " + log.action()).isTrue();
		}
		assertThat(names).contains("DASHBOARD_JOB_RETRY", "DASHBOARD_JOB_CANCEL", "DASHBOARD_JOB_DELETE",
				"DASHBOARD_BULK_RETRY", "DASHBOARD_BULK_CANCEL", "DASHBOARD_BULK_DELETE",
				"DASHBOARD_BULK_RETRY_MATCHING", "DASHBOARD_BULK_CANCEL_MATCHING", "DASHBOARD_BULK_DELETE_MATCHING",
				"DASHBOARD_DEAD_LETTERS_REDRIVE", "DASHBOARD_DEAD_LETTER_REDRIVE");
	}

	private static Map<String, String> render(String methodName, Map<String, Object> variables) throws Exception {
		Method method = actionMethods().stream().filter(m -> m.getName().equals(methodName)).findFirst().orElseThrow();
		OperationLog log = method.getAnnotation(OperationLog.class);
		StandardEvaluationContext context = new StandardEvaluationContext();
		variables.forEach(context::setVariable);
		Map<String, String> rendered = new LinkedHashMap<>();
		rendered.put("target", String.valueOf(PARSER.parseExpression(log.target()).getValue(context)));
		Expression success = PARSER.parseExpression(log.success(), ParserContext.TEMPLATE_EXPRESSION);
		rendered.put("success", success.getValue(context, String.class));
		Expression fail = PARSER.parseExpression(log.fail(), ParserContext.TEMPLATE_EXPRESSION);
		rendered.put("fail", fail.getValue(context, String.class));
		return rendered;
	}

	private static Map<String, Object> vars(Object... pairs) {
		Map<String, Object> vars = new LinkedHashMap<>();
		vars.put("actor", new Actor("ops", role -> true));
		vars.put("errorMessage", "broker unreachable");
		for (int i = 0; i < pairs.length; i += 2) {
			vars.put((String) pairs[i], pairs[i + 1]);
		}
		return vars;
	}

	@Test
	void aSingleRetryNamesTheJobAndTheCount() throws Exception {
		Map<String, String> entry = render("retry",
				vars("jobId", ID, "result", new BulkResult(Action.RETRY, 1, 1, Map.of())));

		assertThat(entry.get("target")).isEqualTo(ID.toString());
		assertThat(entry.get("success")).isEqualTo("retried job " + ID + " from the dashboard: 1 of 1 changed");
		assertThat(entry.get("fail")).isEqualTo("could not retry job " + ID + " from the dashboard: broker unreachable");
	}

	@Test
	void aBulkCancelOfTheMatchingJobsNamesTheFilterAndTheSkippedOnes() throws Exception {
		JobSearch filter = new JobSearch("SLEEP", JobStatus.PENDING, "ops", Instant.parse("2026-12-01T08:00:00Z"),
				null, null);
		Map<String, String> entry = render("cancelMatching", vars("filter", filter, "result",
				new BulkResult(Action.CANCEL, 3, 2, Map.of("already ended", 1))));

		assertThat(entry.get("target")).isEqualTo("type=SLEEP, status=PENDING, owner=ops, from=2026-12-01T08:00:00Z");
		assertThat(entry.get("success")).isEqualTo("cancelled 2 of 3 job(s) matching type=SLEEP, status=PENDING, "
				+ "owner=ops, from=2026-12-01T08:00:00Z from the dashboard; skipped: 1 already ended");
		assertThat(render("deleteMatching", vars("filter", JobSearch.any(), "result",
				new BulkResult(Action.DELETE, 0, 0, Map.of()))).get("target")).isEqualTo("all jobs");
	}

	@Test
	void aBulkActionOnTickedJobsListsTheirIds() throws Exception {
		UUID other = UUID.fromString("00000000-0000-0000-0000-0000000000bb");
		List<UUID> ids = new ArrayList<>(List.of(ID, other));
		Map<String, String> entry = render("cancelSelected",
				vars("jobIds", ids, "result", new BulkResult(Action.CANCEL, 2, 2, Map.of())));

		assertThat(entry.get("target")).isEqualTo(ID + ", " + other);
		assertThat(entry.get("success")).isEqualTo("cancelled 2 of 2 selected job(s) from the dashboard");
		assertThat(entry.get("fail")).isEqualTo("could not cancel 2 selected job(s) from the dashboard: broker unreachable");
	}

	@Test
	void aReDriveOfAllSaysHowManyWereRetriedAndSkipped() throws Exception {
		Map<String, String> entry = render("redriveAll", vars("type", "SLEEP", "result", new Redrive("SLEEP", 4, 1)));

		assertThat(entry.get("target")).isEqualTo("SLEEP");
		assertThat(entry.get("success"))
			.isEqualTo("re-drove the dead letters of SLEEP from the dashboard: 4 job(s) retried, 1 parked message(s) skipped");
	}

}

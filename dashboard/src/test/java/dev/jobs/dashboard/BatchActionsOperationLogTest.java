package dev.jobs.dashboard;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.JobAdmin.Actor;
import dev.jobs.core.operationlog.OperationLog;
import org.junit.jupiter.api.Test;

import org.springframework.expression.ParserContext;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch actions are operation log entries that name the batch and say what changed. */
class BatchActionsOperationLogTest {

	private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-0000000000ba");

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final BatchView BATCH = new BatchView(ID, "d", "alice", BatchStatus.CANCELLED, false, 5, 0, 0, 3, 0,
			2, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, List.of());

	private static Map<String, String> render(String methodName, Object result) {
		Method method = Arrays.stream(BatchActions.class.getDeclaredMethods())
			.filter(m -> Modifier.isPublic(m.getModifiers()) && m.getName().equals(methodName))
			.findFirst()
			.orElseThrow();
		OperationLog log = method.getAnnotation(OperationLog.class);
		StandardEvaluationContext context = new StandardEvaluationContext();
		context.setVariable("actor", new Actor("ops", role -> true));
		context.setVariable("batchId", ID);
		context.setVariable("result", result);
		context.setVariable("errorMessage", "No batch with id " + ID);
		Map<String, String> rendered = new LinkedHashMap<>();
		rendered.put("action", log.action());
		rendered.put("target", String.valueOf(PARSER.parseExpression(log.target()).getValue(context)));
		rendered.put("success",
				PARSER.parseExpression(log.success(), ParserContext.TEMPLATE_EXPRESSION).getValue(context, String.class));
		rendered.put("fail",
				PARSER.parseExpression(log.fail(), ParserContext.TEMPLATE_EXPRESSION).getValue(context, String.class));
		return rendered;
	}

	@Test
	void aCancelNamesTheBatchAndWhereItsMembersStand() {
		Map<String, String> entry = render("cancel", BATCH);

		assertThat(entry.get("action")).isEqualTo("DASHBOARD_BATCH_CANCEL");
		assertThat(entry.get("target")).isEqualTo(ID.toString());
		assertThat(entry.get("success")).isEqualTo("cancelled batch " + ID
				+ " from the dashboard: 3 succeeded, 0 failed, 2 cancelled, 0 running of 5");
		assertThat(entry.get("fail"))
			.isEqualTo("could not cancel batch " + ID + " from the dashboard: No batch with id " + ID);
	}

	@Test
	void aRetryOfTheFailedMembersSaysHowManyWereRetried() {
		Map<String, String> entry = render("retryFailed", new Batches.Retried(BATCH, 2));

		assertThat(entry.get("action")).isEqualTo("DASHBOARD_BATCH_RETRY_FAILED");
		assertThat(entry.get("success"))
			.isEqualTo("retried 2 failed or cancelled member(s) of batch " + ID + " from the dashboard");
	}

}

package dev.jobs.dashboard;

import java.time.Instant;
import java.util.Map;

import dev.jobs.core.operationlog.OperationLogReader.Outcome;
import dev.jobs.core.operationlog.OperationLogReader.Query;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationLogFilterTest {

	@Test
	void readsTheTimeRangeInTheViewersTimeZone() {
		// Shanghai: getTimezoneOffset() is -480.
		OperationLogFilter filter = OperationLogFilter.of(Map.of("from", "2026-12-01T09:30", "to", "2026-12-01T10:00:00",
				"tz", "-480", "user", " test-admin ", "action", "DASHBOARD_JOB_RETRY", "outcome", "failure", "q", "retried"));
		Query query = filter.toQuery();

		assertThat(filter.errors()).isEmpty();
		assertThat(query.from()).isEqualTo(Instant.parse("2026-12-01T01:30:00Z"));
		assertThat(query.to()).isEqualTo(Instant.parse("2026-12-01T02:00:00Z"));
		assertThat(query.user()).isEqualTo("test-admin");
		assertThat(query.action()).isEqualTo("DASHBOARD_JOB_RETRY");
		assertThat(query.outcome()).isEqualTo(Outcome.FAILURE);
		assertThat(query.text()).isEqualTo("retried");
		assertThat(filter.query()).contains("user=test-admin", "tz=-480", "from=2026-12-01T09%3A30");
	}

	@Test
	void emptyFieldsMeanAny() {
		Query query = OperationLogFilter.of(Map.of("user", "", "outcome", " ")).toQuery();

		assertThat(query).isEqualTo(Query.any());
	}

	@Test
	void valuesThatDoNotParseAreErrorsNamingTheField() {
		OperationLogFilter filter = OperationLogFilter.of(Map.of("outcome", "MAYBE", "from", "yesterday", "tz", "x"));
		filter.toQuery();

		assertThat(filter.errors()).anyMatch(e -> e.startsWith("outcome:"))
			.anyMatch(e -> e.startsWith("from:"))
			.anyMatch(e -> e.startsWith("tz:"));
	}

	@Test
	void aRangeThatEndsBeforeItStartsIsAnError() {
		OperationLogFilter filter = OperationLogFilter.of(Map.of("from", "2026-12-01T10:00", "to", "2026-12-01T09:00"));
		filter.toQuery();

		assertThat(filter.errors()).containsExactly("to: must be after from");
	}

	@Test
	void overlongValuesAreRefused() {
		OperationLogFilter filter = OperationLogFilter.of(Map.of("target", "x".repeat(501)));

		assertThat(filter.errors()).containsExactly("target: at most 500 characters");
	}

}

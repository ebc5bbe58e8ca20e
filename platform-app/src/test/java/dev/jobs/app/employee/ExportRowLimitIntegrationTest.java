package dev.jobs.app.employee;

import java.util.Map;
import java.util.UUID;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobContext;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.core.SubmitOptions;
import dev.jobs.types.employeeexport.EmployeeExportRow;
import dev.jobs.types.export.ExportFormat;
import dev.jobs.types.export.ExportProperties;
import dev.jobs.types.export.ExportQuery;
import dev.jobs.types.export.ExportResult;
import dev.jobs.types.export.StreamingExport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An export whose filters match more rows than its type's {@code max-rows} fails at once, for good,
 * with a message naming the limit, before any row is written. Runs the export itself against the
 * real database (a worker of another test context could take a submitted job).
 */
class ExportRowLimitIntegrationTest extends IntegrationTest {

	private static final ExportQuery<EmployeeExportRow> LIVE_EMPLOYEES = new ExportQuery<>(EmployeeExportRow.class,
			"select count(*) from employee where not deleted", "select id, name from employee where not deleted order by id",
			Map.of(), (rs, n) -> new EmployeeExportRow(rs.getLong(1), rs.getString(2), null, null, null, null, null, null,
					null, null, null));

	@Autowired
	StreamingExport export;

	@Autowired
	ExportProperties properties;

	@Test
	void exportMatchingMoreRowsThanItsTypeAllowsFailsAtOnceNamingTheLimit() {
		Fixtures.employees(jdbc); // six live employees
		Context context = new Context();

		assertThatThrownBy(() -> export.export(context, LIVE_EMPLOYEES, ExportFormat.CSV, "员工信息", 5))
			.isInstanceOf(NonRetryableJobException.class)
			.hasMessageContaining("6 rows")
			.hasMessageContaining("at most 5")
			.hasMessageContaining("max-rows");
		assertThat(context.progressReported).as("nothing written, not even progress").isFalse();
		ExportResult withinLimit = export.export(new Context(), LIVE_EMPLOYEES, ExportFormat.CSV, "员工信息", 6);
		assertThat(withinLimit.rows()).isEqualTo(6);
	}

	@Test
	void everyExportTypeHasARowLimitByDefault() {
		assertThat(properties.getEmployee().getMaxRows()).isEqualTo(2_000_000);
		assertThat(properties.getUser().getMaxRows()).isEqualTo(2_000_000);
	}

	/** The job as the export sees it; no worker is involved. */
	private static final class Context implements JobContext {

		private final UUID id = UUID.randomUUID();

		boolean progressReported;

		@Override
		public UUID jobId() {
			return id;
		}

		@Override
		public String type() {
			return "EMPLOYEE_EXPORT";
		}

		@Override
		public int attempt() {
			return 1;
		}

		@Override
		public int maxAttempts() {
			return 1;
		}

		@Override
		public String createdBy() {
			return "test-admin";
		}

		@Override
		public void reportProgress(long done, long total, String message) {
			progressReported = true;
		}

		@Override
		public boolean isCancellationRequested() {
			return false;
		}

		@Override
		public void setResult(Object result) {
		}

		@Override
		public void submitFollowUp(String type, Object payload, SubmitOptions options) {
		}

	}

}

package dev.jobs.app.employee;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.test.TestJobContext;
import dev.jobs.types.employeeexport.EmployeeExport;
import dev.jobs.types.employeeexport.EmployeeExportPayload;
import dev.jobs.core.JobStatus;
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
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An export whose filters match more rows than its type's {@code max-rows}, or whose submitter
 * already has the result quota stored, fails at once, for good, with a message naming the limit,
 * before any row is written. Runs the export itself against the real database, with limits of its
 * own, rather than reconfiguring the shared test context.
 */
class ExportLimitsIntegrationTest extends IntegrationTest {

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
		TestJobContext context = context("test-admin");

		assertThatThrownBy(() -> export.export(context, LIVE_EMPLOYEES, ExportFormat.CSV, "员工信息", 5))
			.isInstanceOf(NonRetryableJobException.class)
			.hasMessageContaining("6 rows")
			.hasMessageContaining("at most 5")
			.hasMessageContaining("max-rows");
		assertThat(context.progress()).as("nothing written, not even progress").isEmpty();
		ExportResult withinLimit = export.export(context("test-admin"), LIVE_EMPLOYEES, ExportFormat.CSV, "员工信息", 6);
		assertThat(withinLimit.rows()).isEqualTo(6);
	}

	@Test
	void exportIsRefusedWhileItsSubmitterHasTheResultQuotaStored() {
		Fixtures.employees(jdbc);
		String user = "quota-" + UUID.randomUUID().toString().substring(0, 8);
		UUID first = jobs.submit(EmployeeExport.TYPE, new EmployeeExportPayload(null, null, null, null, ExportFormat.CSV), SubmitOptions.defaults().withCreatedBy(user))
			.id();
		long stored = awaitStatus(first, Set.of(JobStatus.SUCCEEDED), JOB_TIMEOUT).result().get("file").get("size")
			.asLong();

		assertThatThrownBy(() -> export.export(context(user), LIVE_EMPLOYEES, ExportFormat.CSV, "员工信息", 100, stored))
			.isInstanceOf(NonRetryableJobException.class)
			.hasMessageContaining(stored + " bytes")
			.hasMessageContaining("result-quota-per-user");
		assertThat(export.export(context(user), LIVE_EMPLOYEES, ExportFormat.CSV, "员工信息", 100, stored + 1).rows())
			.as("below the quota").isEqualTo(6);
	}

	@Test
	void everyExportTypeHasARowLimitAndEveryUserAResultQuotaByDefault() {
		assertThat(properties.getEmployee().getMaxRows()).isEqualTo(2_000_000);
		assertThat(properties.getUser().getMaxRows()).isEqualTo(2_000_000);
		assertThat(properties.getResultQuotaPerUser()).isEqualTo(DataSize.ofGigabytes(1));
	}

	/** The job as the export sees it; no worker is involved. */
	private static TestJobContext context(String createdBy) {
		return TestJobContext.of(EmployeeExport.TYPE).withCreatedBy(createdBy);
	}

}

package dev.jobs.app.exporttask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobCancelledException;
import dev.jobs.core.JobHandler;
import dev.jobs.core.result.LocalDirectoryResultStorage;
import dev.jobs.test.TestJobContext;
import dev.jobs.types.employeeexport.EmployeeExport;
import dev.jobs.types.employeeexport.EmployeeExportPayload;
import dev.jobs.types.export.ExportFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cancelled export stops at the next batch and leaves no file behind. The handler is called
 * directly, with the real database and storage, and a context that asks it to stop once the
 * first batch is written: through the broker an export of a few thousand rows finishes before a
 * cancellation could reach it, and a slower one would make the suite slow.
 */
class ExportCancellationIntegrationTest extends IntegrationTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	LocalDirectoryResultStorage storage;

	@BeforeEach
	void manyEmployees() {
		Fixtures.employees(jdbc);
		jdbc.sql("""
				insert into employee (name, gender, age, department, position, hire_date, salary)
				select '员工' || n, '男', 30, '数据部', '数据分析师', date '2022-01-01', 10000
				  from generate_series(1, 2500) as n
				""").update();
	}

	@Test
	void cancelledXlsxExportStopsAtTheNextBatchAndRemovesThePartialFile() throws Exception {
		cancelledExportLeavesNothing(ExportFormat.XLSX);
	}

	@Test
	void cancelledCsvExportStopsAtTheNextBatchAndRemovesThePartialFile() throws Exception {
		cancelledExportLeavesNothing(ExportFormat.CSV);
	}

	private void cancelledExportLeavesNothing(ExportFormat format) throws Exception {
		List<Boolean> partialFileWhileRunning = new ArrayList<>();
		// Asks the handler to stop as soon as it reports its first written batch.
		TestJobContext job = TestJobContext.of(EmployeeExport.TYPE).onProgress((context, progress) -> {
			if (progress.done() > 0) {
				partialFileWhileRunning.add(hasPartialFile(context.jobId()));
				context.requestCancellation();
			}
		});

		assertThatThrownBy(() -> employeeExport().handle(new EmployeeExportPayload("数据部", null, null, null, format), job))
			.isInstanceOf(JobCancelledException.class);

		assertThat(job.progress()).extracting(TestJobContext.Progress::done).containsExactly(0L, 500L);
		assertThat(partialFileWhileRunning).as("a partial file existed while the export ran").containsExactly(true);
		assertThat(filesOf(job.jobId(), storage.directory())).as("files of the cancelled job").isEmpty();
		assertThat(job.result()).isNull();
	}

	@SuppressWarnings("unchecked")
	private JobHandler<EmployeeExportPayload> employeeExport() {
		return context.getBeansOfType(JobHandler.class)
			.values()
			.stream()
			.filter(h -> h.type().equals(EmployeeExport.TYPE.name()))
			.findFirst()
			.orElseThrow();
	}

	private boolean hasPartialFile(UUID jobId) {
		try {
			return filesOf(jobId, storage.directory()).stream().anyMatch(n -> n.endsWith(".part"));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<String> filesOf(UUID jobId, Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(jobId.toString())).toList();
		}
	}

}

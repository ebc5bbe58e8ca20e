package dev.jobs.types.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import javax.sql.DataSource;

import com.alibaba.excel.write.builder.ExcelWriterBuilder;
import dev.jobs.core.JobContext;
import dev.jobs.core.NonRetryableJobException;
import dev.jobs.core.StoredResults;
import dev.jobs.core.result.ResultFile;
import dev.jobs.core.result.ResultStorage;
import dev.jobs.core.result.ResultWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Runs one export: counts the rows, streams them from a database cursor into an EasyExcel file
 * in batches, reports progress and honours cancellation between batches, and stores the file in
 * the {@link ResultStorage}. Neither the rows nor the file are ever held in memory as a whole.
 * Rows are fetched and mapped on a reader thread, a few batches ahead of the writer (see
 * {@link RowPipe}), which keeps a second core busy while EasyExcel writes.
 *
 * <p>Count and rows are read in one read-only, repeatable-read transaction, so the progress total
 * and the file agree even while the table changes. The transaction also keeps autocommit off,
 * which PostgreSQL's driver needs to fetch with a cursor (the fetch size) instead of reading the
 * whole result at once.
 */
public class StreamingExport {

	private static final Logger log = LoggerFactory.getLogger(StreamingExport.class);

	/** Batches read ahead of the writer. */
	private static final int PIPE_CAPACITY = 2;

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

	private final DataSource dataSource;

	private final ResultStorage storage;

	private final StoredResults storedResults;

	private final int batchSize;

	private final int maxRowsPerSheet;

	private final Clock clock;

	private final long resultQuotaPerUser;

	/** @param storedResults asked how many bytes of results a submitter holds, for the quota */
	public StreamingExport(DataSource dataSource, ResultStorage storage, StoredResults storedResults,
			ExportProperties properties, Clock clock) {
		if (properties.getBatchSize() < 1) {
			throw new IllegalArgumentException(
					"jobs.exports.batch-size must be at least 1; it is " + properties.getBatchSize());
		}
		this.dataSource = dataSource;
		this.storage = storage;
		this.storedResults = storedResults;
		this.batchSize = properties.getBatchSize();
		this.maxRowsPerSheet = properties.getMaxRowsPerSheet();
		this.clock = clock.withZone(properties.getZone());
		this.resultQuotaPerUser = properties.getResultQuotaPerUser().toBytes();
	}

	/**
	 * Exports the rows of a query to the job's result file.
	 * @param title the sheet name and the start of the file name, e.g. {@code 员工信息}
	 * @throws dev.jobs.core.JobCancelledException if the job was asked to stop; nothing is kept
	 */
	public <R> ExportResult export(JobContext context, ExportQuery<R> query, ExportFormat format, String title) {
		return export(context, query, format, title, Long.MAX_VALUE);
	}

	/**
	 * Exports the rows of a query to the job's result file, unless they are more than
	 * {@code maxRows}.
	 * @throws NonRetryableJobException if the query matches more than {@code maxRows} rows: the job
	 * fails at once with a message naming the limit, and nothing is written
	 */
	public <R> ExportResult export(JobContext context, ExportQuery<R> query, ExportFormat format, String title,
			long maxRows) {
		return export(context, query, format, title, maxRows, resultQuotaPerUser);
	}

	/**
	 * As {@link #export(JobContext, ExportQuery, ExportFormat, String, long)}, and refused when the
	 * job's submitter already has {@code resultQuotaBytes} of results stored. Checked before the
	 * export starts: one export may take its submitter over the quota by its own size.
	 * @throws NonRetryableJobException if the rows are too many or the quota is reached
	 */
	public <R> ExportResult export(JobContext context, ExportQuery<R> query, ExportFormat format, String title,
			long maxRows, long resultQuotaBytes) {
		String fileName = title + "_" + LocalDateTime.now(clock).format(FILE_TIME) + "." + format.extension();
		long started = System.nanoTime();
		requireQuotaLeft(context, resultQuotaBytes);
		ExportResult result;
		try (Connection connection = dataSource.getConnection()) {
			result = inSnapshot(connection, jdbc -> {
				return write(jdbc, context, query, format, title, fileName, maxRows);
			});
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not read the rows of job " + context.jobId() + " ("
					+ context.type() + "): " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the result file of job " + context.jobId() + " to "
					+ storage + ": " + ex.getMessage(), ex);
		}
		log.info("Job {} ({}) exported {} rows to {} ({} bytes, {} sheet(s)) in {} ms", context.jobId(), context.type(),
				result.rows(), fileName, result.file().size(), result.sheets(), (System.nanoTime() - started) / 1_000_000);
		return result;
	}

	/** Results stay stored until their job is removed (retention); the core counts what the submitter holds. */
	private void requireQuotaLeft(JobContext context, long quotaBytes) {
		long stored = storedResults.bytesHeldBy(context.createdBy());
		if (stored >= quotaBytes) {
			throw new NonRetryableJobException(context.createdBy() + " already has " + stored
					+ " bytes of export results stored; the quota is " + quotaBytes
					+ " bytes (jobs.exports.result-quota-per-user). Results are removed after jobs.results.retention.");
		}
	}

	/**
	 * Runs the reads on a connection of their own, in a read-only repeatable-read transaction.
	 * Deliberately not a Spring-managed transaction: the platform's progress updates run on the
	 * same thread and would join it (and fail, it being read-only, or stay invisible until the end).
	 */
	private <T> T inSnapshot(Connection connection, SnapshotWork<T> work) throws SQLException, IOException {
		connection.setAutoCommit(false);
		connection.setReadOnly(true);
		connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
		JdbcTemplate template = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
		template.setFetchSize(batchSize);
		try {
			T result = work.run(new NamedParameterJdbcTemplate(template));
			connection.commit();
			return result;
		}
		catch (Throwable ex) {
			try {
				connection.rollback();
			}
			catch (SQLException rollback) {
				ex.addSuppressed(rollback);
			}
			throw ex;
		}
	}

	private interface SnapshotWork<T> {

		T run(NamedParameterJdbcTemplate jdbc) throws IOException;

	}

	private <R> ExportResult write(NamedParameterJdbcTemplate jdbc, JobContext context, ExportQuery<R> query,
			ExportFormat format, String title, String fileName, long maxRows) throws IOException {
		Long counted = jdbc.queryForObject(query.countSql(), query.parameters(), Long.class);
		long total = (counted != null) ? counted : -1;
		if (total > maxRows) {
			throw new NonRetryableJobException("The export matches " + total + " rows; a " + context.type()
					+ " may have at most " + maxRows + " (jobs.exports.<type>.max-rows). Narrow the filters.");
		}
		context.reportProgress(0, total, progress(0, total));
		context.throwIfCancellationRequested();
		try (ResultWriter file = storage.create(context.jobId());
				TableWriter<R> table = new TableWriter<>(file.stream(), query.rowType(), format, title, maxRowsPerSheet);
				RowPipe<R> rows = new RowPipe<>(batchSize, PIPE_CAPACITY)) {
			rows.start("jobs-export-reader-" + context.jobId(),
					callback -> jdbc.query(query.selectSql(), query.parameters(), callback), query.mapper());
			long written = 0;
			for (List<R> batch = take(rows, context); batch != null; batch = take(rows, context)) {
				table.write(batch);
				written += batch.size();
				// The job thread talks to the platform; the reader never does.
				context.reportProgress(written, Math.max(total, written), progress(written, total));
				context.throwIfCancellationRequested();
			}
			table.finish();
			long size = file.commit();
			return new ExportResult(new ResultFile(fileName, format.contentType(), size, written), table.sheets());
		}
	}

	private static <R> List<R> take(RowPipe<R> rows, JobContext context) {
		try {
			return rows.take();
		}
		catch (InterruptedException ex) {
			// Timeouts and shutdown interrupt the job thread; the context says which.
			Thread.currentThread().interrupt();
			context.throwIfCancellationRequested();
			throw new IllegalStateException("Export of job " + context.jobId() + " was interrupted", ex);
		}
	}

	private static String progress(long written, long total) {
		return (total >= 0) ? written + " of " + total + " rows written" : written + " rows written";
	}

	/**
	 * An EasyExcel writer with the settings every export uses (model, format, frozen header), for
	 * comparing the exports with EasyExcel alone.
	 */
	public static ExcelWriterBuilder writerBuilder(OutputStream out, Class<?> rowType, ExportFormat format) {
		return TableWriter.builder(out, rowType, format);
	}

}

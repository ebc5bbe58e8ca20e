package dev.jobs.types.export;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the built-in export job types, under {@code jobs.exports.*}. Queue settings
 * (concurrency, timeout, attempts) are per type under {@code jobs.types.EMPLOYEE_EXPORT.*}.
 */
@ConfigurationProperties("jobs.exports")
public class ExportProperties {

	/** The most data rows an xlsx sheet holds (1,048,576 minus the header). */
	public static final int XLSX_MAX_DATA_ROWS = 1_048_575;

	/** Whether the export job types are registered at all. */
	private boolean enabled = true;

	/** Rows fetched from the database and written to the file at a time; progress and cancellation are checked per batch. */
	private int batchSize = 2_000;

	/** Data rows per xlsx sheet before the export continues on the next sheet (at most 1,048,575). */
	private int maxRowsPerSheet = XLSX_MAX_DATA_ROWS;

	/** Time zone of timestamps in the files and in their names. */
	private ZoneId zone = ZoneId.systemDefault();

	/**
	 * The most bytes of export results one user may have stored (results stay until
	 * {@code jobs.results.retention}); an export started while the user's stored results reach it
	 * fails at once, naming the quota.
	 */
	private DataSize resultQuotaPerUser = DataSize.ofGigabytes(1);

	private final Type employee = new Type();

	private final Type user = new Type();

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getBatchSize() {
		return batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public int getMaxRowsPerSheet() {
		return maxRowsPerSheet;
	}

	public void setMaxRowsPerSheet(int maxRowsPerSheet) {
		this.maxRowsPerSheet = maxRowsPerSheet;
	}

	public ZoneId getZone() {
		return zone;
	}

	public void setZone(ZoneId zone) {
		this.zone = zone;
	}

	/** {@code EMPLOYEE_EXPORT}. */
	public DataSize getResultQuotaPerUser() {
		return resultQuotaPerUser;
	}

	public void setResultQuotaPerUser(DataSize resultQuotaPerUser) {
		this.resultQuotaPerUser = resultQuotaPerUser;
	}

	public Type getEmployee() {
		return employee;
	}

	/** {@code USER_EXPORT}. */
	public Type getUser() {
		return user;
	}

	public static class Type {

		/** Whether this export type is registered. */
		private boolean enabled = true;

		/**
		 * The most rows one export may have; an export whose filters match more fails at once, with a
		 * message that names the limit, before any row is written.
		 */
		private long maxRows = 2_000_000;

		public long getMaxRows() {
			return maxRows;
		}

		public void setMaxRows(long maxRows) {
			this.maxRows = maxRows;
		}

		public boolean isEnabled() {
			return enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}

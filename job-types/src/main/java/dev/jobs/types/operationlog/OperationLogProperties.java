package dev.jobs.types.operationlog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.core.AccessPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** The operation log ({@code jobs.operation-log.*}); see {@code docs/OPERATION-LOG.md}. */
@ConfigurationProperties("jobs.operation-log")
public class OperationLogProperties {

	/** Whether {@code @OperationLog} calls are recorded and the OPERATION_LOG type is registered. */
	private boolean enabled = true;

	/** Roles that may read the log (GET /api/operation-logs); default the administrator roles. */
	private List<String> readerRoles = new ArrayList<>(List.of("SUPER_ADMIN", "ADMIN"));

	/** Most entries the consumer writes in one insert. */
	private int batchSize = 500;

	/** Longest wait for a batch to fill before the consumer writes what it has. */
	private Duration batchTimeout = Duration.ofMillis(200);

	/** Entries waiting in memory for the journal; beyond it new entries are dropped, counted and logged. */
	private int bufferCapacity = 100_000;

	/**
	 * Directory of the durable local journal; each instance works in a sub-directory of its own and
	 * delivers the journals that dead instances left behind at start-up.
	 */
	private Path journalDirectory = Path.of("operation-log-journal");

	/**
	 * How long entries gather in memory before they are written and synced to the journal: the most a
	 * crash of the process can lose (plus one disk sync). Keep it well under a second.
	 */
	private Duration journalFlushInterval = Duration.ofMillis(50);

	/** Most entries in one journal segment (one file, published and confirmed as one). */
	private int segmentMaxEntries = 2_000;

	/**
	 * Most entries packed into one broker message (one publish, one confirm; the consumer unpacks it and
	 * each entry keeps its own id). 1 sends every entry as a message of its own.
	 */
	private int entriesPerMessage = 200;

	/** How long a segment's publisher confirms may take before it is sent again. */
	private Duration confirmTimeout = Duration.ofSeconds(5);

	/** How long a stopping instance keeps delivering its journal; what is left is delivered at the next start. */
	private Duration shutdownDeliveryTimeout = Duration.ofSeconds(5);

	/** Largest page of GET /api/operation-logs. */
	private int maxPageSize = 200;

	/**
	 * Most bytes this instance's journal may hold on disk (segments waiting for the broker). Entries
	 * that would go beyond it are dropped and counted ({@code reason="journal_full"}) instead of
	 * filling the disk while RabbitMQ is away.
	 */
	private DataSize journalMaxSize = DataSize.ofGigabytes(1);

	/** How long entries are kept in the database; older ones are deleted in batches. */
	private Duration retention = Duration.ofDays(90);

	/** How often the retention task looks for expired entries. */
	private Duration retentionInterval = Duration.ofHours(1);

	/** Entries deleted per short transaction by the retention task. */
	private int retentionBatchSize = 5_000;

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getReaderRoles() {
		return readerRoles;
	}

	public void setReaderRoles(List<String> readerRoles) {
		this.readerRoles = readerRoles;
	}

	/**
	 * Who may read the log, as the platform's one {@link AccessPolicy}: the reader roles read, nobody changes it.
	 * The endpoint, the dashboard's page (through {@code OperationLogReader.mayRead}) and an application's
	 * security rule on the path all ask this.
	 */
	public AccessPolicy readers() {
		return AccessPolicy.readersOnly(readerRoles);
	}

	public int getBatchSize() {
		return batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getBatchTimeout() {
		return batchTimeout;
	}

	public void setBatchTimeout(Duration batchTimeout) {
		this.batchTimeout = batchTimeout;
	}

	public int getBufferCapacity() {
		return bufferCapacity;
	}

	public void setBufferCapacity(int bufferCapacity) {
		this.bufferCapacity = bufferCapacity;
	}

	public Path getJournalDirectory() {
		return journalDirectory;
	}

	public void setJournalDirectory(Path journalDirectory) {
		this.journalDirectory = journalDirectory;
	}

	public Duration getJournalFlushInterval() {
		return journalFlushInterval;
	}

	public void setJournalFlushInterval(Duration journalFlushInterval) {
		this.journalFlushInterval = journalFlushInterval;
	}

	public int getEntriesPerMessage() {
		return entriesPerMessage;
	}

	public void setEntriesPerMessage(int entriesPerMessage) {
		this.entriesPerMessage = entriesPerMessage;
	}

	public int getSegmentMaxEntries() {
		return segmentMaxEntries;
	}

	public void setSegmentMaxEntries(int segmentMaxEntries) {
		this.segmentMaxEntries = segmentMaxEntries;
	}

	public Duration getConfirmTimeout() {
		return confirmTimeout;
	}

	public void setConfirmTimeout(Duration confirmTimeout) {
		this.confirmTimeout = confirmTimeout;
	}

	public Duration getShutdownDeliveryTimeout() {
		return shutdownDeliveryTimeout;
	}

	public void setShutdownDeliveryTimeout(Duration shutdownDeliveryTimeout) {
		this.shutdownDeliveryTimeout = shutdownDeliveryTimeout;
	}

	public int getMaxPageSize() {
		return maxPageSize;
	}

	public void setMaxPageSize(int maxPageSize) {
		this.maxPageSize = maxPageSize;
	}

	public DataSize getJournalMaxSize() {
		return journalMaxSize;
	}

	public void setJournalMaxSize(DataSize journalMaxSize) {
		this.journalMaxSize = journalMaxSize;
	}

	public Duration getRetention() {
		return retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public Duration getRetentionInterval() {
		return retentionInterval;
	}

	public void setRetentionInterval(Duration retentionInterval) {
		this.retentionInterval = retentionInterval;
	}

	public int getRetentionBatchSize() {
		return retentionBatchSize;
	}

	public void setRetentionBatchSize(int retentionBatchSize) {
		this.retentionBatchSize = retentionBatchSize;
	}

	/** Refuses settings that would break the log's promises, naming the property. */
	void validate() {
		if (readerRoles == null || readerRoles.isEmpty()) {
			throw new IllegalStateException("jobs.operation-log.reader-roles is empty: nobody could read the log; "
					+ "name at least one role (default SUPER_ADMIN, ADMIN)");
		}
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalStateException("jobs.operation-log.batch-size must be 1 to 10000, not " + batchSize);
		}
		if (bufferCapacity < 1) {
			throw new IllegalStateException("jobs.operation-log.buffer-capacity must be 1 or more");
		}
		if (entriesPerMessage < 1 || entriesPerMessage > 10_000) {
			throw new IllegalStateException("jobs.operation-log.entries-per-message is " + entriesPerMessage
					+ "; use 1 to 10000 (the default 200 packs a journal flush into one message)");
		}
		if (segmentMaxEntries < 1) {
			throw new IllegalStateException("jobs.operation-log.segment-max-entries must be 1 or more");
		}
		if (journalFlushInterval.isNegative() || journalFlushInterval.compareTo(Duration.ofMillis(900)) > 0) {
			throw new IllegalStateException("jobs.operation-log.journal-flush-interval is " + journalFlushInterval
					+ ": a crash can lose what waits that long, and the log promises less than a second; use at "
					+ "most 900ms (default 50ms)");
		}
		if (journalMaxSize == null || journalMaxSize.toBytes() <= 0) {
			throw new IllegalStateException("jobs.operation-log.journal-max-size is " + journalMaxSize
					+ "; give the journal a positive bound on disk, e.g. 1GB (the default)");
		}
		if (retention == null || retention.isNegative() || retention.isZero()) {
			throw new IllegalStateException("jobs.operation-log.retention is " + retention
					+ "; entries are kept this long and then deleted: use a positive duration, e.g. 90d (the default)");
		}
		if (retentionInterval == null || retentionInterval.isNegative() || retentionInterval.isZero()) {
			throw new IllegalStateException("jobs.operation-log.retention-interval is " + retentionInterval
					+ "; use a positive duration, e.g. 1h (the default)");
		}
		if (retentionBatchSize < 1 || retentionBatchSize > 100_000) {
			throw new IllegalStateException("jobs.operation-log.retention-batch-size is " + retentionBatchSize
					+ "; use 1 to 100000 (default 5000): a batch is one transaction and should stay short");
		}
	}

}

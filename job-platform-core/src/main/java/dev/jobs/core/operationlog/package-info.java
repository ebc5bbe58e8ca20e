/**
 * The operation log's public API: the annotations ({@link dev.jobs.core.operationlog.OperationLog},
 * {@link dev.jobs.core.operationlog.LogDiff}) and the read side
 * ({@link dev.jobs.core.operationlog.OperationLogReader}). They carry no behaviour here, so the core's
 * own endpoints and any module (the dashboard) can be annotated and read the log without depending on
 * {@code job-types}, which records and stores the entries and provides the reader.
 */
package dev.jobs.core.operationlog;

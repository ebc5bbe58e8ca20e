/**
 * The operation log's public annotations ({@link dev.jobs.core.operationlog.OperationLog},
 * {@link dev.jobs.core.operationlog.LogDiff}). They carry no behaviour here, so the core's own
 * endpoints and any module can be annotated without depending on {@code job-types}, which records
 * and stores the entries.
 */
package dev.jobs.core.operationlog;

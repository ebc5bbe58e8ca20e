-- The trace an operation ran in (OperationLogEntry.traceId), when the application traces: the same trace as the
-- jobs it submitted, so an entry leads to their whole life. Null without tracing.
alter table operation_log add column if not exists trace_id text;

-- A write-light job table (issue 13). Every status change rewrites an entry in every index of the
-- row (status appears in the partial indexes' predicates, so no status change can be a HOT update);
-- fewer indexes make each claim and completion cheaper. Each index kept serves a query of the hot
-- path or of the documented API; see docs/BENCHMARKS.md ("Index diet") for the EXPLAIN of each.

-- (status, created_at): served the "?status=" filter of GET /api/jobs. That filter is also served by
-- job_type_created_idx (type given, as the runbooks ask: ?type=X&status=FAILED), by job_created_idx
-- read backwards with a filter (status alone, newest first, a page at a time), and for waiting and
-- running statuses by the partial indexes below. The status column changes with every transition, so
-- this was the most rewritten index of all.
drop index if exists job_status_created_idx;
-- Failed and cancelled jobs are few and are what people look for (the runbooks' ?type=X&status=FAILED):
-- a partial index of those alone, written only by the transitions into them.
create index job_failed_created_idx on job (created_at desc) where status in ('FAILED', 'CANCELLED');

-- The lease reaper finds running jobs whose lease ran out. The index on lease_until made every
-- heartbeat (which only moves lease_until) a non-HOT update that rewrote all indexes of the row. The
-- running set is small (at most the workers' concurrency), so an index of the running rows on a
-- column a heartbeat never changes finds them as well, and leaves heartbeats and progress reports
-- HOT updates.
create index job_running_idx on job (started_at) where status = 'RUNNING';
drop index if exists job_running_lease_idx;

-- Room on each page for HOT updates (heartbeats, progress reports).
alter table job set (fillfactor = 90);

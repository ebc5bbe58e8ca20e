-- Retention removes finished jobs oldest first, in batches, every few minutes: without this index each
-- round scans the whole job table.
create index job_finished_idx on job (finished_at) where status in ('SUCCEEDED', 'FAILED', 'CANCELLED');

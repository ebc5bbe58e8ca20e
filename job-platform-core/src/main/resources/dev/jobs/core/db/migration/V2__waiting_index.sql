-- Queue lag and waiting-job gauges: the oldest due job per type among those waiting for a worker.
create index job_waiting_idx on job (type, run_at) where status in ('PENDING', 'QUEUED', 'RETRY_WAIT');

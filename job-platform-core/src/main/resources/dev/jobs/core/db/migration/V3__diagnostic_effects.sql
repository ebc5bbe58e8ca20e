-- Side effects of the diagnostic SLEEP job ({"recordEffect": true}): one row each time its handler runs to
-- the end. The chaos suite counts them to show how often a handler's work really happened per job.
create table job_diagnostic_effect (
    job_id     uuid        not null,
    attempt    integer     not null,
    created_at timestamptz not null default now()
);
create index job_diagnostic_effect_job_idx on job_diagnostic_effect (job_id);

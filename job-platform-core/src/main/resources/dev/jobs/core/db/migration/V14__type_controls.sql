-- What operators change about a job type while the platform runs (dev.jobs.core.control): paused or not, and a
-- per-instance concurrency that overrides jobs.types.<TYPE>.concurrency until reset. Every instance reads this
-- small table about once a second and applies it; a type without a row runs as configured.
create table if not exists job_type_control (
    type           varchar(100) primary key,
    paused         boolean      not null default false,
    paused_at      timestamptz,
    paused_by      varchar(200),
    concurrency    integer      check (concurrency > 0),
    concurrency_by varchar(200),
    updated_at     timestamptz  not null default now()
);

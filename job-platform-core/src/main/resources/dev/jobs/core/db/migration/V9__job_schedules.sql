-- Recurring schedules (dev.jobs.core.schedule): each firing submits one job of any type with a fixed payload.
-- next_fire_at is the firing being waited for; an instance claims it with a conditional UPDATE on its value,
-- in the transaction that submits the job, so each firing submits exactly one job with several instances.
create table if not exists job_schedule (
    id                varchar(100) primary key,
    type              varchar(100) not null,
    payload           jsonb        not null,
    cron              varchar(200),
    zone              varchar(64),
    fixed_rate_millis bigint check (fixed_rate_millis > 0),
    misfire           varchar(16)  not null check (misfire in ('RUN_ONCE', 'SKIP')),
    enabled           boolean      not null default true,
    source            varchar(16)  not null check (source in ('API', 'CONFIG')),
    created_by        varchar(200) not null,
    next_fire_at      timestamptz  not null,
    last_fired_at     timestamptz,
    last_job_id       uuid,
    last_error        text,
    created_at        timestamptz  not null default now(),
    updated_at        timestamptz  not null default now(),
    check ((cron is not null and zone is not null and fixed_rate_millis is null)
        or (cron is null and fixed_rate_millis is not null))
);

create index if not exists job_schedule_due_idx on job_schedule (next_fire_at) where enabled;

-- The platform's own tables. The job row is also the outbox: a job waits for a message
-- (PENDING, RETRY_WAIT) until dispatched_at records the broker's confirm.
create table job (
    id               uuid primary key,
    type             varchar(100) not null,
    payload          jsonb        not null,
    status           varchar(16)  not null
        check (status in ('PENDING', 'QUEUED', 'RUNNING', 'RETRY_WAIT', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    attempt          integer      not null default 0,
    max_attempts     integer      not null check (max_attempts >= 1),
    priority         integer      not null default 0,
    run_at           timestamptz  not null,
    dispatched_at    timestamptz,
    idempotency_key  varchar(200),
    created_by       varchar(200) not null,
    worker_id        varchar(200),
    lease_until      timestamptz,
    cancel_requested boolean      not null default false,
    progress_done    bigint,
    progress_total   bigint,
    progress_message varchar(500),
    result           jsonb,
    last_error       text,
    created_at       timestamptz  not null default now(),
    updated_at       timestamptz  not null default now(),
    started_at       timestamptz,
    finished_at      timestamptz
);

-- Idempotency is a unique constraint, never a read-then-write.
create unique index job_idempotency_uq on job (created_by, idempotency_key) where idempotency_key is not null;
-- The outbox relay's scan: small, because it holds only jobs waiting for a message.
create index job_undispatched_idx on job (run_at) where status in ('PENDING', 'RETRY_WAIT') and dispatched_at is null;
-- The lease reaper's scan.
create index job_running_lease_idx on job (lease_until) where status = 'RUNNING';
-- Listing, newest first, with the usual filters.
create index job_created_idx on job (created_at desc);
create index job_type_created_idx on job (type, created_at desc);
create index job_created_by_created_idx on job (created_by, created_at desc);
create index job_status_created_idx on job (status, created_at desc);

create table job_attempt (
    job_id      uuid        not null references job (id) on delete cascade,
    attempt     integer     not null,
    worker_id   varchar(200),
    started_at  timestamptz,
    finished_at timestamptz not null,
    outcome     varchar(16) not null
        check (outcome in ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'CANCELLED', 'LOST', 'HANDED_BACK')),
    error       text,
    stack_trace text,
    primary key (job_id, attempt)
);

-- Batches and workflows (docs/BATCHES.md). A job may wait for others: the new status AWAITING holds a workflow step
-- until its dependencies succeeded, and a batch's callback until its batch reaches the callback's condition.
alter table job drop constraint if exists job_status_check;
alter table job add constraint job_status_check
    check (status in ('AWAITING', 'PENDING', 'QUEUED', 'RUNNING', 'RETRY_WAIT', 'SUCCEEDED', 'FAILED', 'CANCELLED'));

alter table job
    -- The batch this job is a member of (never changes). Its end counts in the batch (JobFanIn).
    add column if not exists batch_id       uuid,
    -- Whether other jobs wait for this one: its end releases or cancels them (JobFanIn). Set when a dependent is
    -- submitted, under this row's lock, so an end that commits later sees it.
    add column if not exists has_dependents boolean not null default false,
    -- The dependency whose failure cancelled this job; a retry of that dependency makes it wait again.
    add column if not exists blocked_by     uuid,
    -- The step's name when the job was submitted as a workflow's step.
    add column if not exists workflow_step  varchar(100);

-- A batch's members, oldest first, by status (the batch page, cancel and retry of a batch).
create index if not exists job_batch_idx on job (batch_id, created_at) where batch_id is not null;
-- Jobs that wait: the dependency sweep reads only these.
create index if not exists job_awaiting_idx on job (created_at) where status = 'AWAITING';
-- Jobs a failed dependency cancelled, found again when that dependency is retried.
create index if not exists job_blocked_by_idx on job (blocked_by) where blocked_by is not null;

create table if not exists job_batch (
    id           uuid         primary key,
    description  varchar(500),
    created_by   varchar(200) not null,
    sealed       boolean      not null default false,
    -- Shards (job_batch_shard) with members that have not ended. Changed only when a shard completes or reopens,
    -- so completions of members in different shards never wait for each other on this row.
    open_shards  integer      not null check (open_shards >= 0),
    created_at   timestamptz  not null default now(),
    completed_at timestamptz,
    cancelled_at timestamptz
);
create index if not exists job_batch_created_idx on job_batch (created_at desc);
create index if not exists job_batch_created_by_idx on job_batch (created_by, created_at desc);
create index if not exists job_batch_running_idx on job_batch (created_at) where completed_at is null;

-- A batch's counts, split in 16 shards by the low bits of each member's id: a member's end updates its shard's row
-- only (one row update per member), and only the end that completes a shard touches the batch's row.
create table if not exists job_batch_shard (
    batch_id  uuid     not null references job_batch (id) on delete cascade,
    shard     smallint not null,
    members   integer  not null default 0,
    succeeded integer  not null default 0,
    failed    integer  not null default 0,
    cancelled integer  not null default 0,
    primary key (batch_id, shard),
    check (succeeded + failed + cancelled <= members)
);

-- A batch's callback jobs. disarmed: the platform cancelled the callback because of how the batch ended (or because
-- the batch was cancelled); a retry that reopens the batch arms it again. A callback that ran never runs again.
create table if not exists job_batch_callback (
    batch_id uuid        not null references job_batch (id) on delete cascade,
    kind     varchar(16) not null check (kind in ('ON_SUCCESS', 'ON_COMPLETE', 'ON_FAILURE')),
    job_id   uuid        not null unique,
    disarmed boolean     not null default false,
    primary key (batch_id, kind)
);

-- job waits for depends_on. Rows go with the dependent job (a dependency that is deleted has ended, so its
-- dependents were already released or cancelled).
create table if not exists job_dependency (
    job_id     uuid    not null references job (id) on delete cascade,
    depends_on uuid    not null,
    run_anyway boolean not null default false,
    primary key (job_id, depends_on)
);
create index if not exists job_dependency_depends_on_idx on job_dependency (depends_on);

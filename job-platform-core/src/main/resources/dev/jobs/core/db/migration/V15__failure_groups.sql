-- Failure groups (dev.jobs.core.FailureGroups): jobs whose latest attempt failed, grouped by cause. The fingerprint
-- (FailureFingerprint: type, exception class, message with ids and numbers masked, first application frame) is
-- written by the statement that records the failure (FAIL, FAIL_UNDELIVERABLE, SCHEDULE_RETRY) and by nothing else.
-- A group's members are the rows with its fingerprint that are FAILED (parked) or RETRY_WAIT (failing, will retry):
-- counts are computed from the job rows, never kept as counters, so a retry (the row leaves those statuses) or a
-- delete (the row goes) is counted at once, whichever path did it.
alter table job add column if not exists failure_group varchar(40);
-- The partial index holds only the members: a status change out of FAILED or RETRY_WAIT takes the entry out, and a
-- job that never failed never enters it. Every change of these columns already changes the status (never a HOT
-- update), so heartbeats and progress reports stay HOT. Counting a group or a time window reads this index alone
-- (an index-only scan: the status, which tells failed from retrying, is included); without it every member's table
-- page was read: 3.9 s against 0.16 s for every group of a million members (scripts/benchmark-failure-groups.sh).
create index if not exists job_failure_group_idx on job (failure_group, updated_at) include (status)
    where failure_group is not null and status in ('FAILED', 'RETRY_WAIT');
-- What a fingerprint stands for, written once when it is first seen (insert … on conflict do nothing). Counts, first
-- and last seen come from the job rows.
create table if not exists failure_group (
    fingerprint    varchar(40)  primary key,
    type           varchar(100) not null,
    exception_class varchar(300),
    message        varchar(1000) not null,
    frame          varchar(500),
    first_seen     timestamptz  not null default now()
);
create index if not exists failure_group_type_idx on failure_group (type);

-- Core hardening (see docs/RELIABILITY.md).
-- claim_id: the delivery that won the current attempt, so a claim retried after an ambiguous commit
--           (connection lost after the server committed) recognises its own win instead of burning it.
-- attempt_base: the attempt count when the current budget began (a manual retry or a hand-back), so
--           the backoff after a manual retry starts from the first step again.
-- relay_failures / relay_after: a row whose publish the broker refused or returned is backed off,
--           so it cannot block the rows behind it.
alter table job add column claim_id uuid;
alter table job add column attempt_base integer not null default 0;
alter table job add column relay_failures integer not null default 0;
alter table job add column relay_after timestamptz;

-- The per-user active limit counts a submitter's waiting and running jobs of one type: only those.
create index job_active_owner_idx on job (created_by, type) where status in ('PENDING', 'QUEUED', 'RUNNING', 'RETRY_WAIT');
